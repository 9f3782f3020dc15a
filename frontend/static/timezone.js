// Tells the server the browser's time zone, so that times are shown in it when the account
// names none. A cookie (not a request) keeps it to one line of work; the next page uses it.
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  const current = document.cookie.split("; ").find((c) => c.startsWith("draftroom_tz="));
  if (current && decodeURIComponent(current.slice("draftroom_tz=".length)) === zone) return;
  document.cookie = `draftroom_tz=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
})();
