// The portal's only shared script (no framework). The menu's drop-downs are <details>
// elements and work without it; this adds what a menu is expected to do besides: one open at a
// time, closed by Escape (focus back on its button) or by a click or focus outside it. Before
// printing every <details> is opened, so a printed page shows all of its sections.
(function () {
  "use strict";
  var MENU = "details.portal-menu__dropdown";

  function openMenus() {
    return Array.prototype.slice.call(document.querySelectorAll(MENU + "[open]"));
  }

  function closeAll(except) {
    openMenus().forEach(function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var menu = event.target;
      if (menu.matches && menu.matches(MENU) && menu.open) {
        closeAll(menu);
      }
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.open = false;
      if (hadFocus) {
        menu.querySelector("summary").focus();
      }
    });
  });

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });

  document.addEventListener("focusin", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (details) {
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
