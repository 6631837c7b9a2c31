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
  // The edition's words, from Django's JavaScript catalogue (loaded before this file);
  // English if it did not load.
  const ngettext = window.ngettext || ((singular, plural, n) => (n === 1 ? singular : plural));
  const gettext = window.gettext || ((text) => text);
  const say = (format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  const length = (text) => [...text.replace(DIRECTION_CONTROLS, "").trim()].length;

  const stateOf = (count, limit) => {
    if (count > limit) return "over";
    if (count >= Math.floor(limit * NEAR)) return "near";
    return "under";
  };

  const visibleText = (count, limit) => {
    const shown = say(ngettext("%(count)s of %(limit)s character", "%(count)s of %(limit)s characters", limit), {
      count: numbers.format(count),
      limit: numbers.format(limit),
    });
    if (count > limit) {
      return say(gettext("%(shown)s: %(over)s too many"), { shown, over: numbers.format(count - limit) });
    }
    return shown;
  };

  // What the live region says when the state changes, or null to stay quiet.
  const spokenText = (before, now, count, limit) => {
    const left = { left: numbers.format(limit - count) };
    if (now === "over") {
      const over = count - limit;
      return say(
        ngettext(
          "Over the limit by %(over)s character. Nothing is cut: shorten the text before sending it.",
          "Over the limit by %(over)s characters. Nothing is cut: shorten the text before sending it.",
          over,
        ),
        { over: numbers.format(over) },
      );
    }
    if (before === "over") {
      return say(
        ngettext("Within the limit again: %(left)s character left.", "Within the limit again: %(left)s characters left.", limit - count),
        left,
      );
    }
    if (now === "near") {
      return say(ngettext("%(left)s character left.", "%(left)s characters left.", limit - count), left);
    }
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
