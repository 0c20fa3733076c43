// The pickups page's chart: capture rate (registered ÷ weighed, %) per fraction, beside the table.
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("capture-chart-data");
  if (!data || !window.Chart) return;
  const values = JSON.parse(data.textContent);
  new window.Chart(document.getElementById("capture-chart"), {
    type: "bar",
    data: {
      labels: values.labels,
      datasets: [{ label: "%", data: values.rates, backgroundColor: "#1b5e20" }],
    },
    options: {
      animation: false,
      locale: document.documentElement.lang === "nb" ? "nb-NO" : "en-GB",
      plugins: { legend: { display: false } },
      responsive: true,
      scales: { y: { beginAtZero: true, suggestedMax: 100 } },
    },
  });
});
