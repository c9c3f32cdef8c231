// Measures the paper cards of the current page as they are rendered.
// Evaluated by tests/browser (page.evaluate); returns plain data for Python to assert on.
() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });

  // any CSS colour (rgb, oklch, color-mix...) -> [r, g, b, a] with a in 0..1
  function rgba(css) {
    if (!css || css === "transparent") return [0, 0, 0, 0];
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  }

  function over(top, bottom) {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  }

  // the opaque colour behind an element: its own and its ancestors' backgrounds
  function background(element) {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1]; // the canvas behind everything
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }

  function luminance([r, g, b]) {
    const channel = (v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }

  function contrast(element) {
    const bg = background(element);
    const fg = over(rgba(getComputedStyle(element).color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
  }

  function label(element) {
    const card = element.closest(".paperdigest-card");
    const cls = [...element.classList].filter((c) => c.startsWith("paperdigest")).join(".");
    return `${card ? "#" + card.id : ""} ${element.tagName.toLowerCase()}${cls ? "." + cls : ""} "${element.textContent.trim().slice(0, 30)}"`;
  }

  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const cards = [...document.querySelectorAll(".paperdigest-card")].filter(visible);

  // rows: cards of one grid whose tops line up
  const rows = [];
  for (const grid of document.querySelectorAll(".paperdigest-grid")) {
    const byTop = new Map();
    for (const card of grid.querySelectorAll(".paperdigest-card")) {
      if (!visible(card)) continue;
      const box = card.getBoundingClientRect();
      const top = Math.round(box.top + window.scrollY);
      if (!byTop.has(top)) byTop.set(top, []);
      const title = card.querySelector(".paperdigest-title");
      byTop.get(top).push({
        id: card.id,
        height: Math.round(box.height * 10) / 10,
        left: Math.round(box.left),
        titleTop: title ? Math.round(title.getBoundingClientRect().top + window.scrollY) : null,
      });
    }
    rows.push(...byTop.values());
  }

  const thumbs = [...document.querySelectorAll(".paperdigest-card .paperdigest-thumb")]
    .filter(visible)
    .map((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        card: el.closest(".paperdigest-card").id,
        tag: el.tagName.toLowerCase(),
        ratio: box.width / box.height,
        height: box.height,
        objectFit: style.objectFit,
        loaded: el.tagName !== "IMG" || (el.complete && el.naturalWidth > 0),
        alt: el.tagName === "IMG" ? el.getAttribute("alt") : null,
      };
    });

  // text in cards: the title link, date, badges, summary text and links, buttons
  const texts = [];
  const selectors = [
    ".paperdigest-title a",
    ".paperdigest-title",
    ".paperdigest-date",
    ".paperdigest-topic",
    ".paperdigest-summary p",
    ".paperdigest-summary a",
    ".paperdigest-link",
  ];
  for (const card of cards) {
    for (const el of card.querySelectorAll(selectors.join(","))) {
      if (!visible(el) || !el.textContent.trim()) continue;
      texts.push({ what: label(el), badge: el.classList.contains("paperdigest-topic"), ratio: contrast(el) });
    }
  }

  // the page right behind the cards (a theme may colour its content area)
  const grid = document.querySelector(".paperdigest-grid");
  const bodyBg = background(grid ? grid.parentElement : document.body);
  const cardBg = cards.length ? background(cards[0]) : bodyBg;
  return {
    cards: cards.length,
    rows,
    thumbs,
    texts,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyLuminance: luminance(bodyBg),
    cardLuminance: luminance(cardBg),
    cardTextLuminance: cards.length ? luminance(over(rgba(getComputedStyle(cards[0]).color), cardBg)) : 0,
  };
}
