// Select to comment: words selected inside a provision's text offer "Comment on this",
// which sets the comment form on that provision and quote and puts the cursor in it. The
// "Comment" link beside each provision does the same for the provision alone (with the
// selection's words too, when they are in that provision); without script it reloads the
// page with the form set on the provision. No inline script (strict CSP).
(() => {
  const form = document.getElementById("new-comment");
  const provisionField = document.getElementById("comment-provision");
  const quoteField = document.getElementById("comment-quote");
  const button = document.getElementById("comment-on-selection");
  if (!form || !provisionField || !quoteField) return;
  const box = document.getElementById("comment-anchor");
  const label = document.getElementById("comment-anchor-label");
  const quoted = document.getElementById("comment-anchor-quote");
  const body = document.getElementById("comment-body");
  const language = document.getElementById("comment-language");
  let pending = null;

  // The words of a range as the provision holds them: without the hidden labels of the
  // highlighted quotes or the paragraph number.
  const wordsOf = (range) => {
    const copy = range.cloneContents();
    for (const extra of copy.querySelectorAll(".visually-hidden, .number, .provision-tools")) {
      extra.remove();
    }
    return copy.textContent.replace(/\s+/g, " ").trim();
  };

  const textOf = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return wordsOf(range);
  };

  // The selection, if it lies inside one provision's text: {element, quote}.
  const selected = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement?.closest(".provision-text");
    const end = range.endContainer.parentElement?.closest(".provision-text");
    const element = start || end;
    if (!element || (start && end && start !== end)) return null;
    const quote = wordsOf(range);
    if (!quote || !textOf(element).includes(quote)) return null;
    return { element, quote, rect: range.getBoundingClientRect() };
  };

  const linkFor = (provision) =>
    document.querySelector(`a.comment-on[data-provision="${CSS.escape(provision)}"]`);

  const setOn = (provision, quote, textLanguage) => {
    const link = linkFor(provision);
    provisionField.value = provision;
    quoteField.value = quote || "";
    if (box) box.hidden = false;
    if (label && link) label.textContent = link.dataset.on;
    if (quoted) {
      quoted.hidden = !quote;
      quoted.textContent = quote || "";
      if (textLanguage) quoted.lang = textLanguage;
      quoted.dir = "auto";
    }
    // The quote is checked against the text it was taken from: the comment's language.
    if (quote && textLanguage && language) language.value = textLanguage;
    body?.focus();
  };

  const clear = () => {
    provisionField.value = "";
    quoteField.value = "";
    if (box) box.hidden = true;
    if (quoted) { quoted.hidden = true; quoted.textContent = ""; }
  };

  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a.comment-on");
    if (link) {
      event.preventDefault();
      const found = selected();
      const here = found && found.element.dataset.provision === link.dataset.provision;
      setOn(link.dataset.provision, here ? found.quote : "", here ? found.element.dataset.language : "");
      return;
    }
    if (event.target.closest?.("#comment-anchor-clear")) {
      event.preventDefault();
      clear();
      body?.focus();
    }
  });

  if (!button) return;
  const hide = () => { button.hidden = true; };
  const offer = () => {
    pending = selected();
    if (!pending) { hide(); return; }
    button.hidden = false;
    button.style.top = `${pending.rect.bottom + window.scrollY + 4}px`;
    // Under the start of the selection: its left edge, or its right one in a right-to-left text.
    const rtl = getComputedStyle(pending.element).direction === "rtl";
    const left = rtl ? pending.rect.right - button.offsetWidth : pending.rect.left;
    button.style.left = `${Math.max(0, left + window.scrollX)}px`;
  };
  document.addEventListener("mouseup", () => setTimeout(offer, 0));
  document.addEventListener("keyup", (event) => { if (event.shiftKey) offer(); });
  document.addEventListener("selectionchange", () => {
    if (!selected()) hide();
  });
  // Keep the selection while the button is pressed.
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("click", () => {
    if (!pending) return;
    const { element, quote } = pending;
    setOn(element.dataset.provision, quote, element.dataset.language);
    hide();
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
})();
