// "Sites nearest to a city": sorts a trial's sites by straight-line distance from a city the visitor picks from
// the trial's own list. Everything happens on this device; no location is asked for and nothing is sent.

const box = document.querySelector("[data-ts-nearest]");

/** Return the straight-line (great-circle) distance in km between two {lat, lon} points. */
export function distanceKm(a, b) {
  const radians = (degrees) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

if (box) {
  const select = box.querySelector("select");
  const list = box.querySelector(".ts-nearest-list");
  const language = document.documentElement.lang;
  const sites = [...document.querySelectorAll(".ts-sites li[data-lat]")].map((item) => ({
    lat: Number(item.dataset.lat),
    lon: Number(item.dataset.lon),
    city: item.dataset.city,
    text: item.textContent.trim(),
  }));
  box.hidden = false;
  select.addEventListener("change", () => {
    list.replaceChildren();
    if (!select.value) return;
    const [lat, lon] = select.value.split(",").map(Number);
    const sorted = sites
      .map((site) => ({ ...site, km: distanceKm({ lat, lon }, site) }))
      .sort((a, b) => a.km - b.km)
      .slice(0, 10);
    for (const site of sorted) {
      const km = Math.round(site.km).toLocaleString(language);
      const item = document.createElement("li");
      const place = document.createElement("strong");
      place.textContent = site.city;
      item.append(place, box.dataset.distance.replace("{km}", km), site.text);
      list.append(item);
    }
  });
}
