//! `client.agents().metrics()`: metrics, their results and CSV export.

use cartesia_types::metrics::CreateMetricRequest;

use crate::endpoints::metrics::{
    AddMetricToAgent, CreateMetric, DeleteMetric, ExportMetricResults, GetMetric,
    ListMetricResults, ListMetrics, RemoveMetricFromAgent,
};
use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Metrics: list, create, get, delete, results, export, add to / remove from an agent.
    AsyncMetrics, BlockingMetrics, metrics on AsyncAgents, BlockingAgents {
        /// One page of metrics (`GET /agents/metrics`); see [`list_all`](Self::list_all) to
        /// walk every page.
        fn list(request: ListMetrics) -> ListMetrics = request;
        /// Every metric, page after page (`GET /agents/metrics`, paged by `starting_after`).
        pages fn list_all(request: ListMetrics) -> ListMetrics = request;
        /// Creates a metric (`POST /agents/metrics`).
        fn create(request: CreateMetricRequest) -> CreateMetric = CreateMetric::new(request);
        /// One metric (`GET /agents/metrics/{metric_id}`).
        fn get(metric_id: &str) -> GetMetric = GetMetric::new(metric_id);
        /// Deletes a metric (`DELETE /agents/metrics/{metric_id}`); it is removed from every
        /// agent, its results are kept.
        fn delete(metric_id: &str) -> DeleteMetric = DeleteMetric::new(metric_id);
        /// One page of metric results (`GET /agents/metrics/results`); see
        /// [`list_results_all`](Self::list_results_all) to walk every page.
        fn list_results(request: ListMetricResults) -> ListMetricResults = request;
        /// Every metric result matching the request's filters, page after page
        /// (`GET /agents/metrics/results`).
        pages fn list_results_all(request: ListMetricResults) -> ListMetricResults = request;
        /// Metric results as CSV (`GET /agents/metrics/results/export`): the whole CSV, or
        /// with a `limit` one page of it. Continue a paged export with
        /// `request.next_page(&answer)` (or `request.starting_after(next_cursor)`) until it
        /// returns `None`; see [`ExportMetricResults`].
        fn export_results(request: ExportMetricResults) -> ExportMetricResults = request;
        /// Adds a metric to an agent (`POST /agents/{agent_id}/metrics/{metric_id}`): it runs
        /// on every call of the agent from then on.
        fn add_to_agent(agent_id: &str, metric_id: &str) -> AddMetricToAgent =
            AddMetricToAgent::new(agent_id, metric_id);
        /// Removes a metric from an agent (`DELETE /agents/{agent_id}/metrics/{metric_id}`).
        fn remove_from_agent(agent_id: &str, metric_id: &str) -> RemoveMetricFromAgent =
            RemoveMetricFromAgent::new(agent_id, metric_id);
    }
}
