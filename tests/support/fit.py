"""Does a page fit its width? ``misfits(page)`` → a list of what does not (empty when it fits).

Four rules (issue #17): no element reaches past the right edge of the viewport, no form control past its form
or card, no table is wider than the card that holds it (a ``.table-wrap`` scrolls, so a clipped column
would otherwise go unseen), and on a phone no card label is taller than its line (it would run into the next). Only the
outermost offender is named (its children overflow with it)."""

FIT_SCRIPT = r"""
() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + Array.from(el.classList).join(".") : "");
  const path = (el) => { const parts = []; for (let e = el; e && e !== document.body && parts.length < 4;
    e = e.parentElement) { parts.unshift(name(e)); } return parts.join(" > "); };
  const text = (el) => (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
  const problems = [];
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px`);
  }
  const offenders = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.position === "absolute" && box.width <= 1) continue;  // visually hidden
    let clipped = false;  // inside a scroller: judged by the table rule below
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (offenders.has(p)) { clipped = true; break; }
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== "visible") { clipped = true; break; }
    }
    offenders.add(el);
    if (!clipped) problems.push(`${path(el)} «${text(el)}» ends at ${Math.round(box.right)} px > ${width} px`);
  }
  for (const control of document.querySelectorAll("main select, main input, main textarea, main button")) {
    const box = control.getBoundingClientRect();
    const card = control.parentElement.closest("form, .panel, .card, fieldset");
    if (box.width === 0 || !card) continue;
    const cardBox = card.getBoundingClientRect();
    if (box.right > cardBox.right + 1) {
      problems.push(`${path(control)} «${text(control) || control.name}» ends at ${Math.round(box.right)} px, ` +
                    `past its card (${path(card)}) at ${Math.round(cardBox.right)} px`);
    }
  }
  for (const table of document.querySelectorAll("table")) {
    const card = table.closest(".table-wrap, .panel, .card") || table.parentElement;
    const tableBox = table.getBoundingClientRect();
    if (tableBox.width === 0) continue;
    const cardBox = card.getBoundingClientRect();
    if (table.scrollWidth > card.clientWidth + 1 || tableBox.right > cardBox.right + 1) {
      const caption = table.caption ? table.caption.textContent.trim() : text(table);
      problems.push(`table «${caption.slice(0, 40)}» is ${Math.round(Math.max(tableBox.width, table.scrollWidth))} px ` +
                    `wide in a card of ${card.clientWidth} px (${path(card)})`);
    }
  }
  for (const cell of document.querySelectorAll(".table [data-label]")) {  // a phone card's "label: value" line
    const label = getComputedStyle(cell, "::before");
    const box = cell.getBoundingClientRect();
    if (!label.content.startsWith('"') || box.height === 0) continue;
    const probe = document.createElement("div");  // the label as the cell lays it out, to measure its height
    probe.textContent = cell.dataset.label;
    for (const property of ["width", "fontSize", "fontWeight", "fontFamily", "lineHeight", "overflowWrap"]) {
      probe.style[property] = label[property];
    }
    probe.style.position = "absolute"; probe.style.visibility = "hidden";
    document.body.appendChild(probe);
    const height = probe.getBoundingClientRect().height;
    probe.remove();
    if (height > box.height + 1) {
      problems.push(`the card label «${cell.dataset.label}» is ${Math.round(height)} px tall in a line of ` +
                    `${Math.round(box.height)} px: it runs into the next line (${path(cell)})`);
    }
  }
  return problems;
}
"""


def misfits(page) -> list[str]:
    return page.evaluate(FIT_SCRIPT)
