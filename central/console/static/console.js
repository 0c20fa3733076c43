// Small behaviours for the console: confirm before a destructive form, draw the station chart.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("year-chart-data");
  if (!data || !window.Chart) return;
  const values = JSON.parse(data.textContent);
  new window.Chart(document.getElementById("year-chart"), {
    type: "bar",
    data: {
      labels: Object.keys(values),
      datasets: [{ label: "kg", data: Object.values(values), backgroundColor: "#1b5e20" }],
    },
    // Norwegian number format in the tooltips and the axis, as in the table beside the chart.
    options: {
      animation: false,
      locale: document.documentElement.lang === "nb" ? "nb-NO" : "en-GB",
      plugins: { legend: { display: false } },
      responsive: true,
    },
  });
});
// A refusal (4xx) is an answer to show, not an error to swallow: htmx swaps it in like a page.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status >= 400 && status < 500) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// A download button takes the form's choices (empty fields left out) by plain navigation, so
// the browser saves the file; htmx would fetch it into the page instead.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button[data-download]");
  if (!button || !button.form) return;
  event.preventDefault();
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(button.form)) if (value !== "") params.append(name, value);
  params.set("format", button.dataset.download);
  window.location.assign(`${button.form.getAttribute("action")}?${params}`);
});
