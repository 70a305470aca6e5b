/* The province's ranking page: drag rows (SortableJS) or use the arrows; either way htmx posts
   the new order at once and swaps in the saved section, without a full page reload. */
(function () {
  // A refusal (403) carries its reason in the section: show it instead of dropping the response.
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "403", swap: true},
    {code: "[45]..", swap: false, error: true},
    {code: "...", swap: false}
  ];
  htmx.onLoad(function (content) {
    content.querySelectorAll(".gl-sortable").forEach(function (tbody) {
      if (tbody.dataset.sortableReady) return;
      tbody.dataset.sortableReady = "1";
      new Sortable(tbody, {
        handle: ".gl-drag",
        animation: 150,
        ghostClass: "table-warning",
        onEnd: function (evt) {
          if (evt.oldIndex !== evt.newIndex) htmx.trigger(tbody.closest("form"), "end");
        }
      });
    });
  });
})();
