//! `client.agents().metrics()`: metrics, their results and CSV export.

use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Metrics: list, create, get, delete, results, export, add to / remove from an agent.
    AsyncMetrics, BlockingMetrics, metrics on AsyncAgents, BlockingAgents {
    }
}
