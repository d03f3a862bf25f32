// Links the article's highlights and its event list: pointing at one shows the other.
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("#article-text mark[data-events]"));
  var items = Array.prototype.slice.call(document.querySelectorAll(".event-item[data-event]"));

  function focus(eventId, on) {
    marks.forEach(function (mark) {
      if (mark.dataset.events.split(" ").indexOf(eventId) >= 0) { mark.classList.toggle("focus", on); }
    });
    items.forEach(function (item) {
      if (item.dataset.event === eventId) { item.classList.toggle("focus", on); }
    });
  }

  items.forEach(function (item) {
    var id = item.dataset.event;
    item.addEventListener("mouseenter", function () { focus(id, true); });
    item.addEventListener("mouseleave", function () { focus(id, false); });
    item.addEventListener("focus", function () { focus(id, true); });
    item.addEventListener("blur", function () { focus(id, false); });
  });
  marks.forEach(function (mark) {
    var ids = mark.dataset.events.split(" ");
    mark.addEventListener("mouseenter", function () { ids.forEach(function (id) { focus(id, true); }); });
    mark.addEventListener("mouseleave", function () { ids.forEach(function (id) { focus(id, false); }); });
  });
})();
