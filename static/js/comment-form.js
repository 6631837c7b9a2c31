// Comment boxes: a count of characters under each box that has a limit (data-limit),
// updated as the reader types or pastes. Nothing is ever cut: a text over the limit is
// sent as it is, and the server answers with the number of characters to remove, the
// text kept in the box. Without JavaScript the hint under the box says the limit.
//
// The count is counted as the server counts (comments/forms.py, CommentText): in
// characters, not UTF-16 units, with each line break once, the direction controls the
// server removes left out, and blank space at either end ignored.
//
// Screen readers hear the count only when it matters, through a polite live region that
// speaks when the text comes near the limit, goes over it, or comes back under it: not
// on every key. The visible count is part of the box's description, read on focus.
(() => {
  "use strict";

  const NEAR = 0.9; // "near the limit" from 90% of it
  const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  const length = (text) => [...text.replace(DIRECTION_CONTROLS, "").trim()].length;

  const stateOf = (count, limit) => {
    if (count > limit) return "over";
    if (count >= Math.floor(limit * NEAR)) return "near";
    return "under";
  };

  const visibleText = (count, limit) => {
    const shown = `${numbers.format(count)} of ${numbers.format(limit)} characters`;
    if (count > limit) return `${shown}: ${numbers.format(count - limit)} too many`;
    return shown;
  };

  // What the live region says when the state changes, or null to stay quiet.
  const spokenText = (before, now, count, limit) => {
    const left = numbers.format(limit - count);
    if (now === "over") {
      return `Over the limit by ${numbers.format(count - limit)} characters. Nothing is cut: shorten the text before sending it.`;
    }
    if (before === "over") return `Within the limit again: ${left} characters left.`;
    if (now === "near") return `${left} characters left.`;
    return null;
  };

  const watch = (box) => {
    const limit = Number.parseInt(box.dataset.limit, 10);
    if (!Number.isFinite(limit) || limit <= 0 || !box.id) return;

    const count = document.createElement("p");
    count.id = `${box.id}_count`;
    count.className = "char-count";
    const spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    count.insertAdjacentElement("afterend", spoken);
    const described = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    box.setAttribute("aria-describedby", [...described, count.id].join(" "));

    let state = null;
    const update = () => {
      const counted = length(box.value);
      const now = stateOf(counted, limit);
      count.textContent = visibleText(counted, limit);
      count.classList.toggle("char-count-over", now === "over");
      // The first reading (a page that came back with the text) says nothing: the
      // box's description holds the count. Later, only a change of state is spoken.
      if (state !== null && now !== state) {
        const said = spokenText(state, now, counted, limit);
        if (said) spoken.textContent = said;
      }
      state = now;
    };
    box.addEventListener("input", update);
    update();
  };

  for (const box of document.querySelectorAll("textarea[data-limit]")) watch(box);
})();
