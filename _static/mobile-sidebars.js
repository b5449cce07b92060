// Neurocomputing: the table-of-contents buttons on phones and tablets.
//
// Below 992 px the theme shows the site navigation (the "primary" sidebar) and the page's
// contents (the "secondary" sidebar) as drawers, opened by the buttons in the page header.
// pydata-sphinx-theme 0.17 attaches its opening handler only to the *first* element with the
// class primary-toggle (or secondary-toggle) in the page, which with sphinx-book-theme is a
// hidden button, so the visible one does nothing (pydata-sphinx-theme issue 2451). This
// script opens the drawer from whichever button was pressed; the theme's own listeners on the
// drawer still close it and put the contents back.
(function () {
  "use strict";
  const NARROW = "(max-width: 991.98px)";
  const DRAWERS = {
    "primary-toggle": ["pst-primary-sidebar", "pst-primary-sidebar-modal"],
    "secondary-toggle": ["pst-secondary-sidebar", "pst-secondary-sidebar-modal"],
  };

  function moveContents(from, to) {
    Array.from(from.childNodes).forEach((node) => to.appendChild(node));
    Array.from(from.classList).forEach((name) => {
      from.classList.remove(name);
      to.classList.add(name);
    });
  }

  document.addEventListener(
    "click",
    (event) => {
      if (!window.matchMedia(NARROW).matches) return;
      const button = event.target.closest(".primary-toggle, .secondary-toggle");
      if (!button) return;
      const kind = button.classList.contains("primary-toggle") ? "primary-toggle" : "secondary-toggle";
      const sidebar = document.getElementById(DRAWERS[kind][0]);
      const drawer = document.getElementById(DRAWERS[kind][1]);
      if (!sidebar || !drawer || drawer.open) return;
      event.preventDefault();
      event.stopPropagation();
      moveContents(sidebar, drawer);
      drawer.showModal();
    },
    true, // capture: before the theme's own handlers, which would act on the wrong button
  );
})();
