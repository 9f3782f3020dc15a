// Meeting pages: following the chair and the speaking timer. live.js reloads the regions when
// the meeting changes and says so ("draftroom:event", "draftroom:reloaded"); here a page that
// follows the chair (#follow-toggle, or the projector, which always follows) goes to the
// paragraph under discussion after every move. Reading elsewhere (scrolling by hand) leaves
// follow mode: the text stays where the reader is (live.js leaves [data-follow-region] alone
// while #live is paused), and one click on #follow-toggle comes back to where the chair is.
(() => {
  const live = document.getElementById("live");
  // A refused form is answered at the form's address: the page's own address comes back, so
  // that live.js reloads the page (not the form's POST) and a reload shows the page.
  const home = document.querySelector("[data-page-url]");
  if (home && location.pathname !== new URL(home.dataset.pageUrl, location.href).pathname) {
    history.replaceState(null, "", home.dataset.pageUrl);
  }
  const toggle = document.getElementById("follow-toggle");
  const projector = document.getElementById("projector");
  let following = Boolean(toggle || projector);
  // Our own scrolling is not the reader's.
  let steering = false;

  const goToChair = (smooth) => {
    const target = document.querySelector("#pointer tr.pointed") || document.getElementById("pointer");
    if (!target) return;
    steering = true;
    target.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    setTimeout(() => { steering = false; }, smooth ? 800 : 50);
  };

  const setFollowing = (on) => {
    following = on;
    if (live) live.dataset.paused = on ? "" : "1";
    const box = document.getElementById("follow");
    if (box) box.dataset.following = String(on);
    if (!toggle) return;
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? toggle.dataset.following : toggle.dataset.paused;
    toggle.classList.remove("moved");
  };

  const typing = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

  if (toggle) {
    toggle.addEventListener("click", () => {
      if (following) {
        setFollowing(false);
        return;
      }
      setFollowing(true);
      // The text may have moved on meanwhile: fetch it, then go there (on "reloaded").
      document.dispatchEvent(new CustomEvent("draftroom:reload"));
      goToChair(true);
    });
    const leave = () => { if (following && !steering) setFollowing(false); };
    window.addEventListener("wheel", leave, { passive: true });
    window.addEventListener("touchmove", leave, { passive: true });
    window.addEventListener("keydown", (event) => {
      const keys = ["PageUp", "PageDown", "ArrowUp", "ArrowDown", "Home", "End", " "];
      if (keys.includes(event.key) && !typing(event.target)) leave();
    });
  }

  // The chair moved while the reader reads elsewhere: say so on the button that goes there.
  document.addEventListener("draftroom:event", (event) => {
    if (toggle && !following && event.detail && event.detail.follow) {
      toggle.textContent = toggle.dataset.moved;
      toggle.classList.add("moved");
    }
  });

  // The speaking time: counts down from the budget (or up without one), on the server's clock.
  let tick = null;
  const startTimer = () => {
    clearInterval(tick);
    const timer = document.getElementById("timer");
    if (!timer || !timer.dataset.givenAt) return;
    const value = timer.querySelector(".timer-value");
    const offset = Date.parse(timer.dataset.now) - Date.now();
    const given = Date.parse(timer.dataset.givenAt);
    const budget = timer.dataset.budget ? Number(timer.dataset.budget) : null;
    const show = () => {
      const elapsed = Math.max(0, Math.floor((Date.now() + offset - given) / 1000));
      const seconds = budget === null ? elapsed : budget - elapsed;
      const whole = Math.abs(seconds);
      const text = `${seconds < 0 ? "−" : ""}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
      if (value && value.textContent !== text) value.textContent = text;
      timer.classList.toggle("over-time", seconds < 0);
    };
    show();
    tick = setInterval(show, 1000);
  };

  // The chair's console: words selected in the source text become the words to highlight,
  // on their paragraph.
  const quote = document.getElementById("pointer-quote");
  const target = document.getElementById("pointer-target");
  if (quote && target) {
    document.addEventListener("mouseup", () => {
      const selection = window.getSelection();
      const words = selection ? selection.toString().trim() : "";
      const shown = document.getElementById("pointer");
      if (!words || !shown || !selection.anchorNode) return;
      const cell = selection.anchorNode.parentElement?.closest("td[lang]");
      const row = cell?.closest("tr[data-provision]");
      if (!cell || !row || !shown.contains(row) || cell.lang !== shown.dataset.sourceLanguage) return;
      const value = `${shown.dataset.article}#${row.dataset.provision}`;
      if (![...target.options].some((option) => option.value === value)) return;
      target.value = value;
      quote.value = words;
    });
  }

  document.addEventListener("draftroom:reloaded", () => {
    startTimer();
    if (following) goToChair(true);
  });

  startTimer();
  if (following) goToChair(false);
})();
