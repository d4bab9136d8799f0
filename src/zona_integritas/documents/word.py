"""Pour a :class:`~zona_integritas.documents.Document` into a ``.docx`` template (python-docx).

A template is an ordinary Word document holding placeholders ``{{ name }}`` (see
:data:`~zona_integritas.documents.PLACEHOLDERS`). They may stand anywhere: the body, tables, text boxes,
headers and footers (the letterhead), and Word may split them across runs as it likes. A *block*
placeholder (``{{ daftar_unit }}``) must stand alone in its paragraph: it becomes tables or numbered
paragraphs that take that paragraph's style and font. A scalar placeholder keeps the formatting of the
run where it starts.

Before rendering, the template is checked as a whole: every placeholder must be known for the document
kind, every required one present, every block placeholder alone in its paragraph, every ``{{``
closed. All problems come together in one :class:`~zona_integritas.errors.InvalidInputError` of
:class:`~zona_integritas.documents.TemplateError`.

Generated tables have a header row repeated on every page and rows that never split across pages.
"""

from __future__ import annotations

import importlib.resources
import io
import re
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import InvalidInputError
from ..i18n import format_integer
from ..i18n import gettext as _
from ._model import (
    PLACEHOLDERS,
    Block,
    Document,
    DocumentKind,
    Lines,
    MissingExtraError,
    Table,
    TemplateError,
    register_renderer,
    write_atomically,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "MAX_TEMPLATE_UNPACKED_BYTES",
    "check_template",
    "default_template",
    "render",
    "template_placeholders",
    "write_atomically",
]

_TOKEN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NO_PARENT: Any = None  # generated paragraphs are formatted before they join a story part
_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*)\.xml$")


def require_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise MissingExtraError(
            _("writing Word documents needs python-docx; install it with: {command}").format(
                command="pip install 'zona-integritas[word]'"
            )
        ) from None
    return docx


def default_template(kind: DocumentKind | str) -> bytes:
    """The bytes of the ``.docx`` template the library ships for ``kind`` (built by
    :mod:`zona_integritas.documents.build_templates`).

    >>> default_template("lhe")[:2]
    b'PK'
    """
    name = DocumentKind.parse(kind).value
    return importlib.resources.files(__package__).joinpath("templates", f"{name}.docx").read_bytes()


@attrs.frozen
class _Spot:
    """One placeholder found in a template paragraph."""

    name: str
    where: str
    paragraph: Any = attrs.field(eq=False, repr=False)
    alone: bool


def _describe(partname: str) -> str:
    stem = partname.rsplit("/", 1)[-1]
    if stem.startswith("document"):
        return "the body"
    return f"the {'header' if stem.startswith('header') else 'footer'} ({stem})"


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    result: str = qn(tag)
    return result


def _own_texts(p: Any) -> list[Any]:
    """The ``w:t`` nodes of paragraph ``p`` itself (not of paragraphs nested in its text boxes)."""
    tag_p = _w("w:p")
    return [t for t in p.iter(_w("w:t")) if next(t.iterancestors(tag_p), None) is p]


def _paragraphs(doc: DocxDocument) -> Iterator[tuple[str, int, Any]]:
    """(part description, paragraph number, ``w:p``) of the body, headers and footers, in order."""
    seen = set()
    for part in doc.part.package.iter_parts():
        partname = str(part.partname)
        if not _PARTS.match(partname) or partname in seen:
            continue
        seen.add(partname)
        element = getattr(part, "element", None)
        if element is None:
            continue
        for n, p in enumerate(element.iter(_w("w:p")), start=1):
            yield _describe(partname), n, p


#: A template file larger than this is refused (ours are about 40 kB; a letterhead with a logo a few MB).
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
#: The unpacked parts of a template may not exceed this (zip bombs).
MAX_TEMPLATE_UNPACKED_BYTES = 200 * 1024 * 1024


def _refuse(name: str, message: str) -> InvalidInputError:
    """``message`` is a whole sentence about ``name`` (already translated)."""
    return InvalidInputError(
        _("{name} is not a Word document").format(name=name), [TemplateError(message)], code="not-a-docx"
    )


def _open(template: str | Path | bytes) -> DocxDocument:
    """A template opened with python-docx after the bounds a reader of untrusted files keeps: its size, its
    unpacked size, and no DOCTYPE in any part (entity declarations)."""
    import zipfile

    from ..io._xlsx import doctype_part

    docx = require_docx()
    name = _("the template") if isinstance(template, bytes) else _("template {file}").format(file=repr(str(template)))
    try:
        data = template if isinstance(template, bytes) else Path(template).read_bytes()
    except OSError as exc:
        raise _refuse(name, _("{name} cannot be read: {reason}").format(name=name, reason=exc)) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(
            name,
            _("{name} has {size} bytes, more than the limit of {limit}").format(
                name=name, size=format_integer(len(data)), limit=format_integer(MAX_TEMPLATE_BYTES)
            ),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_TEMPLATE_UNPACKED_BYTES:
                raise _refuse(
                    name,
                    _("{name} unpacks to {size} bytes, more than the limit of {limit}").format(
                        name=name, size=format_integer(unpacked), limit=format_integer(MAX_TEMPLATE_UNPACKED_BYTES)
                    ),
                )
            declared = doctype_part(archive)
        if declared is not None:
            raise _refuse(
                name,
                _("{name} has a part {part} that declares a DOCTYPE, which is refused").format(
                    name=name, part=repr(declared)
                ),
            )
        return docx.Document(io.BytesIO(data))  # type: ignore[no-any-return]
    except InvalidInputError:
        raise
    except Exception as exc:  # zipfile and python-docx raise several kinds for a file that is not a .docx
        raise _refuse(name, _("{name} cannot be opened as .docx: {reason}").format(name=name, reason=exc)) from None


def _scan(doc: DocxDocument) -> tuple[list[_Spot], list[TemplateError]]:
    spots: list[_Spot] = []
    problems: list[TemplateError] = []
    for where_part, n, p in _paragraphs(doc):
        text = "".join(t.text or "" for t in _own_texts(p))
        if "{" not in text and "}" not in text:
            continue
        where = _("{part}, paragraph {number}: {text}").format(part=where_part, number=n, text=repr(text.strip()[:80]))
        for match in _TOKEN.finditer(text):
            name = match.group(1).strip()
            if not _NAME.match(name):
                problems.append(
                    TemplateError(
                        _("{token} is not a placeholder name (lower-case letters, digits and _) in {where}").format(
                            token=repr(match.group(0)), where=where
                        )
                    )
                )
                continue
            spots.append(_Spot(name, where, p, text.strip() == match.group(0)))
        rest = _TOKEN.sub("", text)
        if "{{" in rest or "}}" in rest:
            problems.append(
                TemplateError(
                    _("an unclosed {opening} or a stray {closing} in {where}").format(
                        opening="'{{'", closing="'}}'", where=where
                    )
                )
            )
    return spots, problems


def _check(doc: DocxDocument, kind: DocumentKind, name: str) -> list[_Spot]:
    spots, problems = _scan(doc)
    known = {p.name: p for p in PLACEHOLDERS[kind]}
    for spot in spots:
        spec = known.get(spot.name)
        if spec is None:
            problems.append(
                TemplateError(
                    _("unknown placeholder {placeholder} in {where}; a {kind} template knows {known}").format(
                        placeholder=f"{{{{ {spot.name} }}}}",
                        where=spot.where,
                        kind=kind.value,
                        known=", ".join(sorted(known)),
                    )
                )
            )
        elif spec.block and not spot.alone:
            problems.append(
                TemplateError(
                    _("block placeholder {placeholder} must stand alone in its paragraph; in {where}").format(
                        placeholder=f"{{{{ {spot.name} }}}}", where=spot.where
                    )
                )
            )
    found = {s.name for s in spots}
    for spec in PLACEHOLDERS[kind]:
        if spec.required and spec.name not in found and spec.alternative not in found:
            if spec.alternative and spec.alternative < spec.name:
                continue  # reported once, under the first name of the pair
            placeholder = f"{{{{ {spec.name} }}}}"
            if spec.alternative:
                placeholder = _("{placeholder} (or {alternative})").format(
                    placeholder=placeholder, alternative=f"{{{{ {spec.alternative} }}}}"
                )
            problems.append(
                TemplateError(
                    _("required placeholder {placeholder} ({description}) is missing from the {kind} template").format(
                        placeholder=placeholder, description=spec.description.in_language(), kind=kind.value
                    )
                )
            )
    if problems:
        raise InvalidInputError(
            _("{name} cannot render a {kind} document").format(name=name, kind=kind.value),
            problems,
            code="bad-template",
        )
    return spots


def _template_name(template: str | Path | bytes | None, kind: DocumentKind) -> str:
    if template is None:
        return f"the default {kind.value} template"
    if isinstance(template, bytes):
        return "the template"
    return f"template {str(template)!r}"


def check_template(template: str | Path | bytes, kind: DocumentKind | str) -> list[str]:
    """Check ``template`` for a ``kind`` document; returns the placeholder names it holds, in order.

    Raises :class:`~zona_integritas.errors.InvalidInputError` listing every problem (unknown, missing,
    misplaced or malformed placeholders).

    >>> names = check_template(default_template("proposal"), "proposal")
    >>> names[:3], "kop_instansi" in names
    (['tempat_tanggal', 'nomor', 'sifat'], True)
    """
    document_kind = DocumentKind.parse(kind)
    doc = _open(template)
    return [s.name for s in _check(doc, document_kind, _template_name(template, document_kind))]


def template_placeholders(template: str | Path | bytes) -> list[str]:
    """The placeholder names a template holds, in order, without checking them against a kind.

    >>> template_placeholders(default_template("sptjm"))[:4]
    ['nomor', 'penandatangan_nama', 'penandatangan_nip', 'penandatangan_jabatan']
    """
    spots, _ = _scan(_open(template))
    return [s.name for s in spots]


# -- filling ---------------------------------------------------------------------------------------------
def _set_text(t: Any, text: str) -> None:
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _replace_scalars(p: Any, values: dict[str, str]) -> bool:
    """Replace the scalar placeholders of ``p`` across runs; True when only placeholders and spaces were there
    and all of them came out empty (the paragraph may then go)."""
    nodes = _own_texts(p)
    texts = [t.text or "" for t in nodes]
    full = "".join(texts)
    matches = [m for m in _TOKEN.finditer(full) if m.group(1).strip() in values]
    if not matches:
        return False
    starts = []
    lengths = [len(text) for text in texts]
    offset = 0
    for length in lengths:
        starts.append(offset)
        offset += length

    def locate(pos: int) -> tuple[int, int]:
        for i in range(len(texts) - 1, -1, -1):
            if starts[i] <= pos < starts[i] + lengths[i]:
                return i, pos - starts[i]
        raise AssertionError(f"position {pos} outside the paragraph")  # a match lies inside the text

    for m in reversed(matches):
        value = values[m.group(1).strip()]
        i, a = locate(m.start())
        j, b = locate(m.end() - 1)
        b += 1
        if i == j:
            texts[i] = texts[i][:a] + value + texts[i][b:]
        else:
            texts[i] = texts[i][:a] + value
            for k in range(i + 1, j):
                texts[k] = ""
            texts[j] = texts[j][b:]
    for t, text in zip(nodes, texts, strict=True):
        if t.text != text:
            _set_text(t, text)
    only_placeholders = not _TOKEN.sub("", full).strip()
    return only_placeholders and not "".join(texts).strip()


def _first_rpr(p: Any) -> Any:
    for r in p.iter(_w("w:r")):
        rpr = r.find(_w("w:rPr"))
        if rpr is not None:
            return rpr
    return None


def _new_paragraph(model: Any, text: str, *, bold: bool = False) -> Any:
    """A paragraph with ``model``'s paragraph and run properties (no section break) and ``text``."""
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    ppr = model.find(_w("w:pPr"))
    if ppr is not None:
        ppr = deepcopy(ppr)
        for sect in ppr.findall(_w("w:sectPr")):
            ppr.remove(sect)
        p.append(ppr)
    r = OxmlElement("w:r")
    rpr = _first_rpr(model)
    rpr = deepcopy(rpr) if rpr is not None else OxmlElement("w:rPr")
    if bold:
        for old in rpr.findall(_w("w:b")):
            rpr.remove(old)
        # w:b follows w:rStyle and w:rFonts in a run's properties (ECMA-376 CT_RPr order)
        leading = [child for child in rpr if child.tag in (_w("w:rStyle"), _w("w:rFonts"))]
        rpr.insert(len(leading), OxmlElement("w:b"))
    if len(rpr):
        r.append(rpr)
    t = OxmlElement("w:t")
    _set_text(t, text)
    r.append(t)
    p.append(r)
    return p


def _lines(model: Any, block: Lines) -> list[Any]:
    from docx.shared import Cm
    from docx.text.paragraph import Paragraph

    out = []
    if block.heading:
        heading = _new_paragraph(model, block.heading)
        Paragraph(heading, _NO_PARENT).paragraph_format.keep_with_next = True
        out.append(heading)
    for i, line in enumerate(block.lines, start=1):
        p = _new_paragraph(model, f"{i}.\t{line}" if block.numbered else line)
        if block.numbered:
            fmt = Paragraph(p, _NO_PARENT).paragraph_format
            indent = fmt.left_indent or 0
            fmt.left_indent = indent + Cm(0.75)
            fmt.first_line_indent = -Cm(0.75)
            fmt.tab_stops.add_tab_stop(indent + Cm(0.75))
        out.append(p)
    return out


def _cell_paragraph(model: Any, *, bold: bool, align: str) -> Any:
    """A prototype cell paragraph: the placeholder's font, no indents, single spacing, ``align``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.text.paragraph import Paragraph

    para = _new_paragraph(model, "", bold=bold)
    fmt = Paragraph(para, _NO_PARENT).paragraph_format
    fmt.left_indent = fmt.first_line_indent = fmt.right_indent = None
    fmt.space_before = fmt.space_after = 0
    fmt.line_spacing = 1.0
    fmt.keep_with_next = align == "center"  # the header row stays with the first body row
    fmt.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    return para


def _table(model: Any, block: Table, width: int) -> Any:
    """The ``w:tbl`` of ``block``: fixed column widths, single borders, a shaded header row repeated on every
    page, rows that never split across pages, cells in the placeholder paragraph's font."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls

    columns = len(block.header)
    weights = block.widths or (1.0,) * columns
    twips = [int(width * w / sum(weights)) // 635 for w in weights]  # EMU to twentieths of a point
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>"
    )
    prototypes: dict[tuple[bool, str], Any] = {}
    strong = set(block.strong)
    for r, cells in enumerate([block.header, *block.rows]):
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        trpr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            trpr.append(OxmlElement("w:tblHeader"))
        tr.append(trpr)
        for c, text in enumerate(cells):
            bold = r == 0 or (r - 1) in strong
            align = "center" if r == 0 else "right" if c in block.numeric else "left"
            if (bold, align) not in prototypes:
                prototypes[bold, align] = _cell_paragraph(model, bold=bold, align=align)
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if r == 0 else ""
            tc = parse_xml(
                f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:w="{twips[c]}" w:type="dxa"/>{shade}</w:tcPr></w:tc>'
            )
            para = deepcopy(prototypes[bold, align])
            _set_text(para.find(f".//{_w('w:t')}"), text)
            tc.append(para)
            tr.append(tc)
        tbl.append(tr)
    return tbl


def _usable_width(doc: DocxDocument) -> int:
    section = doc.sections[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        return 5_760_000  # 16 cm, an A4 page less 2.5 cm margins
    return int(page - left - right)


def _removable(p: Any) -> bool:
    parent = p.getparent()
    if parent is None or (parent.tag == _w("w:tc") and len(parent.findall(_w("w:p"))) == 1):
        return False
    ppr = p.find(_w("w:pPr"))
    if ppr is not None and ppr.find(_w("w:sectPr")) is not None:
        return False
    return not any(p.iter(_w("w:drawing"), _w("w:fldSimple"), _w("w:fldChar"), _w("w:pict")))


def _insert_blocks(spot: _Spot, blocks: tuple[Block, ...], width: int) -> None:
    p = spot.paragraph
    for block in blocks:
        if isinstance(block, Table):
            p.addprevious(_table(p, block, width))
        else:
            for new in _lines(p, block):
                p.addprevious(new)
    # after a table the emptied paragraph stays as the spacing that the template gave the placeholder
    # (Word also needs a paragraph between two tables); otherwise it goes
    if (not blocks or isinstance(blocks[-1], Lines)) and _removable(p):
        p.getparent().remove(p)
    else:
        for t in _own_texts(p):
            _set_text(t, "")


def render(document: Document, *, template: str | Path | bytes | None = None) -> bytes:
    """The ``.docx`` bytes of ``document`` rendered from ``template`` (a path or bytes; ours by default).

    >>> from zona_integritas import examples
    >>> from zona_integritas.documents import Signatory, sptjm
    >>> s = sptjm(examples.kota_kediri_portfolio(), 2022, on="31 Mei 2022",
    ...           signatory=Signatory("[Nama Wali Kota]", "Wali Kota Kediri"))
    >>> render(s)[:2]
    b'PK'
    """
    name = _template_name(template, document.kind)
    doc = _open(template if template is not None else default_template(document.kind))
    spots = _check(doc, document.kind, name)
    known = {p.name: p for p in PLACEHOLDERS[document.kind]}
    values = {p.name: document.field(p.name) for p in PLACEHOLDERS[document.kind] if not p.block}
    width = _usable_width(doc)
    emptied = []
    done: set[int] = set()
    for spot in spots:
        if known[spot.name].block:
            _insert_blocks(spot, document.block(spot.name), width)
        elif id(spot.paragraph) not in done:
            done.add(id(spot.paragraph))
            if _replace_scalars(spot.paragraph, values):
                emptied.append(spot.paragraph)
    for p in emptied:
        if _removable(p):
            p.getparent().remove(p)
    doc.core_properties.title = document.title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


register_renderer(render)
