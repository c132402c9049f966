"""Pictures drawn at build time as inline SVG: no script, no CDN.

The implementation chain of a document (what it implements above, what
implements it below) and a bar chart for the targets comparison. Every
label passes through `escape.html`, so a record cannot inject markup into
the SVG; links inside it are site-relative paths computed by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import escape

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 230, 58, 24, 46, 12
LINE_CHARS = 30


@dataclass(frozen=True)
class Node:
    key: str
    lines: tuple[str, ...]        # plain text, at most two short lines
    href: str | None              # relative link, or None for the current page
    current: bool = False


def _wrap(text: str, width: int = LINE_CHARS, max_lines: int = 2) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return [ln if len(ln) <= width else ln[: width - 1] + "…" for ln in lines]


def node_lines(title: str, subtitle: str) -> tuple[str, ...]:
    return tuple(_wrap(title, max_lines=1) + _wrap(subtitle, max_lines=1))


def chain_svg(layers: list[list[Node]], edges: list[tuple[str, str]], label: str) -> str:
    """Layers from top (implemented) to bottom (implementing); edges child -> parent."""
    width = max(len(layer) for layer in layers) * (BOX_W + GAP_X) - GAP_X + 2 * PAD
    height = len(layers) * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD
    pos: dict[str, tuple[float, float]] = {}
    for row, layer in enumerate(layers):
        row_w = len(layer) * (BOX_W + GAP_X) - GAP_X
        x0 = (width - row_w) / 2
        for col, node in enumerate(layer):
            pos[node.key] = (x0 + col * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y))
    # role="img" would hide the links inside from assistive technology
    # (axe: nested-interactive), so the SVG is a labelled group instead.
    parts = [
        f'<svg class="vb-chain" role="group" aria-label="{escape.attr(label)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape.html(label)}</title>",
        '<defs><marker id="vb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="vb-arrowhead"/></marker></defs>',
    ]
    for child, parent in sorted(edges):
        if child not in pos or parent not in pos:
            continue
        (cx, cy), (px, py) = pos[child], pos[parent]
        if cy == py:      # same row: side to side
            left_to_right = cx < px
            x1 = cx + BOX_W if left_to_right else cx
            x2 = px if left_to_right else px + BOX_W
            parts.append(f'<line class="vb-edge" x1="{x1:.0f}" y1="{cy + BOX_H / 2:.0f}" x2="{x2:.0f}" '
                         f'y2="{py + BOX_H / 2:.0f}" marker-end="url(#vb-arrow)"/>')
            continue
        parts.append(f'<line class="vb-edge" x1="{cx + BOX_W / 2:.0f}" y1="{cy:.0f}" '
                     f'x2="{px + BOX_W / 2:.0f}" y2="{py + BOX_H:.0f}" marker-end="url(#vb-arrow)"/>')
    for layer in layers:
        for node in layer:
            x, y = pos[node.key]
            cls = "vb-node vb-node--current" if node.current else "vb-node"
            box = [f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>']
            for i, line in enumerate(node.lines):
                weight = ' class="vb-node__title"' if i == 0 else ""
                box.append(f'<text x="{x + 10:.0f}" y="{y + 23 + i * 20:.0f}"{weight}>{escape.html(line)}</text>')
            inner = "".join(box)
            if node.href:
                name = escape.attr(" — ".join(node.lines))
                parts.append(f'<a href="{escape.attr(node.href)}" class="{cls}" aria-label="{name}">{inner}</a>')
            else:
                parts.append(f'<g class="{cls}" aria-current="page">{inner}</g>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str          # plain text: locality and year
    value: float
    note: str           # plain text shown after the value
    href: str | None = None


def bar_chart_svg(bars: list[Bar], unit: str, label: str) -> str:
    """Horizontal bars, one per locality and year, scaled to the largest value."""
    label_w, bar_w, row_h, top = 200, 300, 30, 10
    width = label_w + bar_w + 170
    height = top * 2 + max(1, len(bars)) * row_h
    peak = max((b.value for b in bars), default=1) or 1
    parts = [
        f'<svg class="vb-bars" role="group" aria-label="{escape.attr(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape.html(label)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        length = max(2.0, bar.value / peak * bar_w)
        text = escape.html(_wrap(bar.label, width=40, max_lines=1)[0] if bar.label else "")
        parts.append(f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="vb-bars__label">{text}</text>')
        rect = f'<rect x="{label_w}" y="{y + 5}" width="{length:.0f}" height="{row_h - 10}" rx="3" class="vb-bars__bar"/>'
        if bar.href:
            name = escape.attr(f"{bar.label}: {bar.value:g}{unit} {bar.note}".strip())
            rect = f'<a href="{escape.attr(bar.href)}" aria-label="{name}">{rect}</a>'
        parts.append(rect)
        value = f"{bar.value:g}{unit} {bar.note}".strip().replace(".", ",")
        parts.append(f'<text x="{label_w + length + 6:.0f}" y="{y + 19}" class="vb-bars__value">{escape.html(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
