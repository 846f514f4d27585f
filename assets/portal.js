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

// A background job's page (portal/templates/jobs/taak.html): follow /api/v1/taken/<id> once a
// second, move the progress bar, and go to the result when the job is done.
(function () {
  "use strict";
  var page = document.getElementById("job");
  if (!page || !page.dataset.taakUrl) {
    return;
  }
  var again = document.getElementById("job-again");
  function show(job) {
    document.getElementById("job-progress").value = job.voortgang;
    document.getElementById("job-percent").textContent = job.voortgang;
    document.getElementById("job-status").textContent = job.status_label || job.status;
    if (job.fout) {
      var box = document.getElementById("job-error");
      box.textContent = job.fout.message;
      box.hidden = false;
    }
    var result = job.links && job.links.resultaat_scherm;
    if (result) {
      var link = document.getElementById("job-result");
      link.href = result;
      document.getElementById("job-done").hidden = false;
    }
    if (job.afgelopen && again) {
      again.hidden = true;
    }
    return result;
  }
  function poll() {
    fetch(page.dataset.taakUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        var result = show(job);
        if (!job.afgelopen) {
          window.setTimeout(poll, 1000);
        } else if (result && job.status !== "Mislukt") {
          window.location.assign(result);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (again) {
    window.setTimeout(poll, 500);
  }
})();
