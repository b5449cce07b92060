// Neurocomputing: display equations that are a little too wide for the text column.
//
// MathJax 3 does not break long equations. An equation up to a quarter wider than its box
// is scaled down to fit (at least to MIN_SCALE of its size); a wider one keeps its size and
// scrolls sideways inside its own box, with a visible scrollbar (neurocomputing.css). The
// book's longest equations are written on several lines, so at 1366 px none has to scroll;
// on a phone many do. Runs after MathJax has typeset the page, again whenever it typesets
// equations that have come into view (lazy typesetting, _config.yml), and when the window
// changes width.
(function () {
  "use strict";
  const MIN_SCALE = 0.8;

  function fit() {
    const boxes = [];
    document.querySelectorAll('mjx-container[display="true"]').forEach((box) => {
      const maths = box.querySelector("mjx-math");
      if (maths) boxes.push([box, maths]);
    });
    // all sizes reset, then all measured, then all set: one layout, however many equations
    boxes.forEach(([, maths]) => { maths.style.fontSize = ""; });
    const ratios = boxes.map(([box]) => box.clientWidth / box.scrollWidth);
    boxes.forEach(([, maths], i) => {
      if (ratios[i] < 1 && ratios[i] >= MIN_SCALE) {
        maths.style.fontSize = `${Math.floor(ratios[i] * 990) / 10}%`;
      }
    });
  }

  function whenTypeset(attempt = 0) {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) {
      startup.promise.then(() => fit());
      // equations typeset later, when they scroll into view
      let typeset = null;
      new MutationObserver((changes) => {
        if (changes.some((c) => c.target.closest && c.target.closest("div.math"))) {
          clearTimeout(typeset);
          typeset = setTimeout(() => document.fonts.ready.then(fit), 100);
        }
      }).observe(document.body, { childList: true, subtree: true });
    } else if (attempt < 100 && document.querySelector("div.math")) {
      setTimeout(() => whenTypeset(attempt + 1), 200);
    }
  }

  let lastWidth = window.innerWidth;
  let pending = null;
  window.addEventListener("resize", () => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    clearTimeout(pending);
    pending = setTimeout(fit, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => whenTypeset());
  } else {
    whenTypeset();
  }
})();
