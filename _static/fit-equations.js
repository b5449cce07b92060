// Neurocomputing: display equations that are a little too wide for the text column.
//
// MathJax 3 does not break long equations. An equation up to a quarter wider than its box
// is scaled down to fit (at least to MIN_SCALE of its size); a wider one keeps its size and
// scrolls sideways inside its own box, with a visible scrollbar (neurocomputing.css). The
// book's longest equations are written on several lines, so at 1366 px none has to scroll;
// on a phone many do. Runs after MathJax has typeset the page and again when the window
// changes width.
(function () {
  "use strict";
  const MIN_SCALE = 0.8;

  function fit() {
    document.querySelectorAll('mjx-container[display="true"]').forEach((box) => {
      const maths = box.querySelector("mjx-math");
      if (!maths) return;
      maths.style.fontSize = "";
      const ratio = box.clientWidth / box.scrollWidth;
      if (ratio < 1 && ratio >= MIN_SCALE) {
        maths.style.fontSize = `${Math.floor(ratio * 990) / 10}%`;
      }
    });
  }

  function whenTypeset(attempt = 0) {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) {
      startup.promise.then(fit);
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
