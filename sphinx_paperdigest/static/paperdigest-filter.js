/* sphinx-paperdigest: the filter bar of a page with paper cards.
 *
 * The bar comes from the build, hidden (its room kept by the stylesheet when
 * scripting is on); this script reveals it. Without it, every card shows.
 * The toggles sit in a panel that the "Filters" button opens (a disclosure);
 * it opens by itself when the address chooses topics or years. Cards match when they have one of the chosen topics (if
 * any), one of the chosen years (if any) and every word of the text, found in
 * the card's text (title, date, topics, summary) or its data-paper-ids.
 *
 * The state lives in the URL query: ?topic=NeRF&topic=SLAM&year=2021&q=attention.
 * The query is untrusted: values that are not a button of the page are
 * ignored, and the text only ever goes into the search box's value.
 * A toggle or "Clear" adds a history entry; typing replaces the current one,
 * except that the first change of a search adds one (Back undoes a search as a
 * whole). Back and Forward restore the state.
 * The count is written in the page's language (the bar's data-status) and as
 * numbers (data-shown, data-total).
 */
(function () {
  "use strict";

  var KINDS = ["topic", "year"];
  var TEXT = "q";
  var MAX_TEXT = 200;
  var TYPING_DELAY = 400; // ms: the URL and the live region wait for a pause
  var MANY = 200; // cards: above, cards off screen skip rendering (paperdigest-filter.css)

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function words(text) {
    return normalise(text).split(/\s+/).filter(Boolean);
  }

  function parseTopics(card) {
    try {
      var topics = JSON.parse(card.getAttribute("data-topics") || "[]");
      return Array.isArray(topics) ? topics.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function readCards() {
    var cards = document.querySelectorAll(".paperdigest-grid .paperdigest-card");
    var items = [];
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      items.push({
        card: card,
        element: card.closest(".sd-col") || card,
        grid: card.closest(".paperdigest-grid"),
        topics: parseTopics(card),
        year: card.getAttribute("data-year") || "",
        text: null, // read at the first search: loading a page of many cards stays fast
        shown: true,
      });
    }
    return items;
  }

  function cardText(card) {
    var body = card.querySelector(".paperdigest-body");
    var ids = card.getAttribute("data-paper-ids") || "";
    return normalise((body ? body.textContent : card.textContent) + "\n" + ids);
  }

  // What hides with a grid whose cards are all hidden: its group section, or its
  // group rubric and intro, or the grid alone.
  function readGroups(items) {
    var groups = new Map();
    items.forEach(function (item) {
      var grid = item.grid;
      if (!grid) return;
      var section = grid.closest("section.paperdigest-group");
      var key = section || grid;
      if (!groups.has(key)) {
        var elements = [key];
        if (!section) {
          for (var node = grid.previousElementSibling; node; node = node.previousElementSibling) {
            if (node.classList.contains("paperdigest-group-intro")) {
              elements.push(node);
              continue;
            }
            if (node.classList.contains("paperdigest-group-title")) elements.push(node);
            break;
          }
        }
        groups.set(key, { elements: elements, items: [], shown: true });
      }
      groups.get(key).items.push(item);
    });
    return Array.from(groups.values());
  }

  function setUp(bar) {
    var started = performance.now();
    var items = readCards();
    var groups = readGroups(items);
    if (items.length > MANY) {
      document.querySelectorAll(".paperdigest-grid").forEach(function (grid) {
        grid.classList.add("paperdigest-filter-many");
      });
    }
    var search = bar.querySelector("input.paperdigest-search");
    var status = bar.querySelector(".paperdigest-filter-status");
    var clear = bar.querySelector(".paperdigest-filter-clear");
    var more = bar.querySelector(".paperdigest-filter-more");
    var panel = more && document.getElementById(more.getAttribute("aria-controls") || "");
    var chosenBadge = more && more.querySelector(".paperdigest-filter-chosen");
    var template = bar.getAttribute("data-status") || "{shown} / {total}";
    var buttons = {};
    KINDS.forEach(function (kind) { buttons[kind] = new Map(); });
    bar.querySelectorAll("button[data-paperdigest-filter]").forEach(function (button) {
      var spec = button.getAttribute("data-paperdigest-filter");
      var colon = spec.indexOf(":");
      var kind = spec.slice(0, colon);
      if (colon > 0 && buttons[kind]) buttons[kind].set(spec.slice(colon + 1), button);
    });

    var typingTimer = 0;
    var typedCount = 0;
    var searchPushed = false;

    function chosen(kind) {
      var values = new Set();
      buttons[kind].forEach(function (button, value) {
        if (button.getAttribute("aria-pressed") === "true") values.add(value);
      });
      return values;
    }

    function matches(item, topics, years, terms) {
      if (topics.size) {
        var any = false;
        for (var i = 0; i < item.topics.length && !any; i++) any = topics.has(item.topics[i]);
        if (!any) return false;
      }
      if (years.size && !years.has(item.year)) return false;
      if (terms.length && item.text === null) item.text = cardText(item.card);
      for (var j = 0; j < terms.length; j++) {
        if (item.text.indexOf(terms[j]) === -1) return false;
      }
      return true;
    }

    function showStatus(count) {
      status.setAttribute("data-shown", String(count));
      status.setAttribute("data-total", String(items.length));
      status.textContent = template
        .replace("{shown}", String(count))
        .replace("{total}", String(items.length));
    }

    function pressedCount() {
      return chosen("topic").size + chosen("year").size;
    }

    function openPanel(open) {
      if (!panel) return;
      more.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }

    // the button's corner tells how many toggles are pressed while the panel is closed
    function showChosen() {
      if (!chosenBadge) return;
      var n = pressedCount();
      chosenBadge.textContent = n ? String(n) : "";
    }

    // Filter the cards now; the count waits for a pause when typing. The cards
    // of a group that hides are left as they are (hiding the group is enough)
    // and brought up to date when it shows again: a year costs a few writes.
    function apply(typing) {
      var topics = chosen("topic");
      var years = chosen("year");
      var terms = words(search.value);
      var count = 0;
      groups.forEach(function (group) {
        var inGroup = 0;
        group.items.forEach(function (item) {
          item.match = matches(item, topics, years, terms);
          if (item.match) inGroup++;
        });
        var shown = inGroup > 0;
        if (shown) {
          group.items.forEach(function (item) {
            if (item.match === item.shown) return;
            item.shown = item.match;
            item.element.hidden = !item.match;
          });
        }
        if (shown !== group.shown) {
          group.shown = shown;
          group.elements.forEach(function (element) { element.hidden = !shown; });
        }
        count += inGroup;
      });
      if (!typing) showStatus(count);
      showChosen();
      return count;
    }

    function stateUrl() {
      var url = new URL(window.location.href);
      var params = url.searchParams;
      KINDS.concat([TEXT]).forEach(function (name) { params.delete(name); });
      KINDS.forEach(function (kind) {
        chosen(kind).forEach(function (value) { params.append(kind, value); });
      });
      var text = search.value.trim();
      if (text) params.set(TEXT, text);
      url.search = params.toString();
      return url.href;
    }

    function record(push) {
      var href = stateUrl();
      if (href === window.location.href) return;
      try {
        if (push) window.history.pushState(null, "", href);
        else window.history.replaceState(null, "", href);
      } catch (e) { /* a sandboxed page: the filter still works */ }
    }

    // The end of a pause in typing (or of the typing): the URL and the count follow.
    function settleTyping() {
      if (!typingTimer) return;
      window.clearTimeout(typingTimer);
      typingTimer = 0;
      record(!searchPushed);
      searchPushed = true;
      showStatus(typedCount);
    }

    function onTyping() {
      typedCount = apply(true);
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(settleTyping, TYPING_DELAY);
    }

    function press(button, on) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }

    // The state a URL query asks for; values that are not buttons are ignored.
    function restore() {
      window.clearTimeout(typingTimer);
      typingTimer = 0;
      searchPushed = false;
      var params = new URLSearchParams(window.location.search);
      KINDS.forEach(function (kind) {
        var wanted = new Set(params.getAll(kind));
        buttons[kind].forEach(function (button, value) { press(button, wanted.has(value)); });
      });
      search.value = (params.get(TEXT) || "").slice(0, MAX_TEXT);
      apply(false);
      // what the address chose is in view; the reader closes the panel, never a restore
      if (pressedCount()) openPanel(true);
    }

    // A link to a card the filter hides (page.html#2106.02584) clears the filter.
    function revealTarget() {
      var id = "";
      try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
      var target = id && document.getElementById(id);
      if (!target || !target.closest("[hidden]")) return;
      var inside = function (element) { return element.contains(target); };
      var filtered = groups.some(function (group) {
        if (!group.shown) return group.elements.some(inside);
        return group.items.some(function (item) { return !item.shown && inside(item.element); });
      });
      if (!filtered) return;
      clearAll();
      target.scrollIntoView();
    }

    function clearAll() {
      settleTyping();
      KINDS.forEach(function (kind) { buttons[kind].forEach(function (button) { press(button, false); }); });
      search.value = "";
      searchPushed = false;
      apply(false);
      record(true);
    }

    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !bar.contains(button)) return;
      if (button === clear) {
        clearAll();
        return;
      }
      if (button === more) {
        openPanel(more.getAttribute("aria-expanded") !== "true");
        return;
      }
      if (!button.hasAttribute("data-paperdigest-filter")) return;
      settleTyping();
      press(button, button.getAttribute("aria-pressed") !== "true");
      searchPushed = false;
      apply(false);
      record(true);
    });
    search.addEventListener("input", onTyping);
    search.addEventListener("change", settleTyping);
    window.addEventListener("popstate", restore);
    window.addEventListener("hashchange", revealTarget);

    bar.hidden = false;
    restore();
    revealTarget();
    try {
      performance.measure("paperdigest-filter: set-up", { start: started });
    } catch (e) { /* a browser without User Timing Level 3: nothing to show */ }
  }

  function start() {
    var bar = document.querySelector(".paperdigest-filter[role=search]");
    if (bar && bar.querySelector("input.paperdigest-search")) setUp(bar);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
