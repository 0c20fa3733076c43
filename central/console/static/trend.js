// The station page's trend: one effect row at a time, this year's months over last year's,
// with the vendored Chart.js; the row picker redraws it. Loaded with the fragment (htmx).
(() => {
  const draw = () => {
    const data = document.getElementById("trend-data");
    const canvas = document.getElementById("trend-chart");
    const picker = document.getElementById("trend-row");
    if (!data || !canvas || !picker || !window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    const values = JSON.parse(data.textContent);
    const series = (row) => [
      { label: String(values.this_year), data: values.series[row].this, borderColor: "#1b5e20", backgroundColor: "#1b5e20" },
      { label: String(values.last_year), data: values.series[row].last, borderColor: "#767676", backgroundColor: "#767676", borderDash: [6, 4] },
    ];
    const chart = new window.Chart(canvas, {
      type: "line",
      data: { labels: values.months, datasets: series(picker.value) },
      options: {
        animation: false,
        locale: document.documentElement.lang === "nb" ? "nb-NO" : "en-GB",
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } },
      },
    });
    picker.addEventListener("change", () => {
      chart.data.datasets = series(picker.value);
      chart.update();
    });
  };
  if (window.Chart) draw();
  else window.addEventListener("load", draw);
})();
