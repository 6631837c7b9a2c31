// Moderation queue: a "select all" box ticks every comment on the page.
// Without JavaScript each comment's box still works on its own.
document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select-all]");
  if (!box) return;
  const name = box.dataset.selectAll;
  for (const item of box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
    item.checked = box.checked;
  }
});
