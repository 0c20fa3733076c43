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
    options: { animation: false, plugins: { legend: { display: false } }, responsive: true },
  });
});
