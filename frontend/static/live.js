// Live pages: one websocket per open instrument page (see live/endpoints.py for the
// protocol). An event that concerns this page reloads its marked regions from the server,
// in the reader's language, keeping whatever the reader is typing. A dropped connection
// comes back by itself and is replayed what it missed.
(() => {
  const box = document.getElementById("live");
  if (!box || !("WebSocket" in window)) return;
  const data = box.dataset;
  const articleId = data.articleId ? Number(data.articleId) : null;
  const amendmentId = data.amendmentId ? Number(data.amendmentId) : null;
  // Kinds that bring a new text of an article (from journal/kinds.py, no prefixes here).
  const newText = new Set(JSON.parse(data.kinds || "{}").new_text || []);
  let last = Number(data.seq || 0);
  let socket = null;
  let retries = 0;
  let timer = null;
  let signedOut = false;
  let pending = null;

  const say = (text) => { if (box.textContent !== text) box.textContent = text; };

  const address = () => {
    const url = new URL(data.url, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("last", String(last));
    if (data.article) url.searchParams.set("article", data.article);
    return url;
  };

  // An article page: what happens to the article; an amendment page: to the amendment
  // (and new versions of its article); other pages: anything on the instrument.
  const concernsThisPage = (event) => {
    const payload = event.payload || {};
    if (amendmentId !== null) {
      return (event.object.type === "amendment" && event.object.id === amendmentId) ||
        payload.amendment_id === amendmentId ||
        (newText.has(event.kind) && payload.article_id === articleId);
    }
    const about = payload.article_id;
    return articleId === null || about === undefined || about === null || about === articleId;
  };

  // What the reader typed, opened or focused survives the region being replaced.
  const carryOver = (old, fresh) => {
    for (const field of old.querySelectorAll("textarea[id], input[id]")) {
      const twin = fresh.querySelector("#" + CSS.escape(field.id));
      if (twin && field.type !== "hidden" && field.value !== field.defaultValue) {
        twin.value = field.value;
      }
    }
    for (const details of old.querySelectorAll("details[id][open]")) {
      const twin = fresh.querySelector("#" + CSS.escape(details.id));
      if (twin) twin.open = true;
    }
  };

  const reload = async () => {
    pending = null;
    const response = await fetch(location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const focused = document.activeElement && document.activeElement.id;
    for (const region of document.querySelectorAll("[data-live-region]")) {
      const fresh = page.getElementById(region.id);
      if (!fresh) continue;
      carryOver(region, fresh);
      region.replaceWith(document.importNode(fresh, true));
    }
    if (focused) document.getElementById(focused)?.focus();
    say(data.textUpdated);
  };

  const schedule = () => { if (!pending) pending = setTimeout(reload, 150); };

  const showPresence = (readers) => {
    const line = document.getElementById("presence");
    if (!line) return;
    const names = readers.map((r) => (r.delegation ? `${r.name} (${r.delegation})` : r.name));
    line.textContent = `${line.dataset.label} ${names.join(" · ")}`;
    line.hidden = names.length === 0;
  };

  const connect = () => {
    clearTimeout(timer);
    if (signedOut || socket || !navigator.onLine) return;
    socket = new WebSocket(address());
    socket.onopen = () => { retries = 0; say(data.textLive); };
    socket.onmessage = (message) => {
      const sent = JSON.parse(message.data);
      if (sent.type === "event") {
        last = Math.max(last, sent.seq);
        if (concernsThisPage(sent)) schedule();
      } else if (sent.type === "resync") {
        last = sent.seq;
        schedule();
      } else if (sent.type === "presence" && (articleId === null || sent.article_id === articleId)) {
        showPresence(sent.readers);
      }
    };
    socket.onclose = (closed) => {
      socket = null;
      if (closed.code === 4401) {
        signedOut = true;
        say(data.textSignedOut);
        return;
      }
      say(data.textOffline);
      const wait = Math.min(30000, 500 * 2 ** retries++) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, wait);
    };
  };

  window.addEventListener("offline", () => { if (socket) socket.close(); say(data.textOffline); });
  window.addEventListener("online", () => { retries = 0; connect(); });
  connect();
})();
