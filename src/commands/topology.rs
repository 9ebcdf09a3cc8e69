//! `alih topology`: declare the exchanges and queues and print them.

use anyhow::Context as _;

use crate::{config::Config, queue};

/// Declares the topology (idempotent) and prints one line per item.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let connection = queue::connect(&config.amqp, "topology").await?;
    let channel = connection.create_channel().await.context("cannot open a channel")?;
    let topology = queue::topology::declare(&channel, &config.topology, &config.retry).await?;
    for exchange in &topology.exchanges {
        println!("exchange {:<32} {}", exchange.name, exchange.kind);
    }
    for queue in &topology.queues {
        let mut line = format!(
            "queue    {:<32} {:<7} {} messages, {} consumers",
            queue.name, queue.role, queue.messages, queue.consumers
        );
        if let Some(bound_to) = &queue.bound_to {
            line.push_str(&format!("; bound to {bound_to}"));
        }
        if let Some(dead_letters_to) = &queue.dead_letters_to {
            line.push_str(&format!("; then → {dead_letters_to}"));
        }
        println!("{line}");
    }
    let _ = connection.close(200, "done".into()).await;
    Ok(())
}
