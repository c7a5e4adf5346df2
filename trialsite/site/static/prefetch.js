// Trial pages: once the page has loaded and the browser is idle, prefetch what the trial's self-check will need
// (its page, scripts, engine, bundle and the Python runtime), so that a visitor who reads the trial first finds it
// downloaded. Nothing is run here, and nothing competes with the page's own loading.
(() => {
  const urls = JSON.parse(document.currentScript.dataset.urls || "[]");
  const prefetch = () => {
    for (const url of urls) {
      const link = document.createElement("link");
      link.rel = "prefetch";
      link.href = url;
      document.head.append(link);
    }
  };
  const whenIdle = () =>
    "requestIdleCallback" in window ? requestIdleCallback(prefetch, { timeout: 5000 }) : setTimeout(prefetch, 2000);
  if (document.readyState === "complete") whenIdle();
  else addEventListener("load", whenIdle, { once: true });
})();
