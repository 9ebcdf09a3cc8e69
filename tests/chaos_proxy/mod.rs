//! A TCP proxy between the worker and RabbitMQ that can cut every live
//! connection on demand. From the worker's side a cut is the same as a
//! broker restart or a network failure (the socket is reset); from the
//! broker's side the client vanished, so it requeues the unacked deliveries.
//!
//! The proxy reads the broker's side of the stream frame by frame (AMQP
//! 0-9-1 frames: type, channel, size, payload, 0xCE), which lets it count
//! deliveries and redeliveries, notice when a consumer is registered again
//! after a cut, and cut exactly when a publisher confirm is on its way to
//! the worker, so the broker holds the record while the worker never learns
//! it was confirmed. Only 127.0.0.1 is involved.

use std::{
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{
        TcpListener, TcpStream,
        tcp::{OwnedReadHalf, OwnedWriteHalf},
    },
    task::JoinHandle,
};
use tokio_util::sync::CancellationToken;

const FRAME_HEADER: usize = 7;
const FRAME_END: u8 = 0xCE;
const METHOD_FRAME: u8 = 1;
const BASIC: u16 = 60;
const BASIC_CONSUME_OK: u16 = 21;
const BASIC_DELIVER: u16 = 60;
const BASIC_ACK: u16 = 80;

/// What the proxy saw, for the test's report and assertions.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// Connections forwarded to the broker.
    pub connections: usize,
    /// Times every live connection was cut.
    pub cuts: usize,
    /// `basic.deliver` frames, and those flagged `redelivered`.
    pub deliveries: usize,
    pub redeliveries: usize,
    /// Time from each cut to the first `basic.consume-ok` after it: the
    /// worker consuming again.
    pub recoveries: Vec<Duration>,
}

#[derive(Default)]
struct State {
    /// Cancelled to cut the connections of this generation.
    generation: Mutex<CancellationToken>,
    /// New connections are reset at once while set.
    refusing: AtomicBool,
    /// New connections are accepted and then get no answer while set.
    holding: AtomicBool,
    /// Cancelled to end the held connections.
    held: Mutex<CancellationToken>,
    /// The next publisher confirm from the broker cuts everything instead.
    cut_at_confirm: AtomicBool,
    cut_at: Mutex<Option<Instant>>,
    seen: Mutex<Seen>,
}

/// The proxy: listens on 127.0.0.1 at a random port, forwards to `upstream`.
pub struct ChaosProxy {
    address: SocketAddr,
    state: Arc<State>,
    accepting: JoinHandle<()>,
}

impl ChaosProxy {
    /// Starts forwarding to the broker at `upstream` (`host:port`).
    pub async fn start(upstream: &str) -> ChaosProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let address = listener.local_addr().expect("proxy address");
        let state = Arc::new(State::default());
        let accepting = tokio::spawn(accept(listener, upstream.to_owned(), Arc::clone(&state)));
        ChaosProxy {
            address,
            state,
            accepting,
        }
    }

    /// `amqp_url` with its host and port replaced by the proxy's.
    pub fn url_for(&self, amqp_url: &str) -> String {
        let mut url = url::Url::parse(amqp_url).expect("AMQP URL");
        url.set_host(Some("127.0.0.1")).expect("host");
        url.set_port(Some(self.address.port())).expect("port");
        url.to_string()
    }

    /// Resets every live connection now.
    pub fn cut(&self) {
        cut(&self.state);
    }

    /// Resets every live connection when the broker next confirms a
    /// publish, without passing the confirm on.
    pub fn cut_at_next_confirm(&self) {
        self.state.cut_at_confirm.store(true, Ordering::SeqCst);
    }

    /// Whether an armed confirm cut is still waiting for its confirm.
    pub fn confirm_cut_pending(&self) -> bool {
        self.state.cut_at_confirm.load(Ordering::SeqCst)
    }

    /// While `refusing`, new connections are accepted and reset at once
    /// (the worker's TCP connect succeeds, its AMQP handshake does not).
    pub fn refuse(&self, refusing: bool) {
        self.state.refusing.store(refusing, Ordering::SeqCst);
    }

    /// While `holding`, new connections are accepted and left unanswered: a
    /// load balancer in front of a broker that is down. Unlike
    /// [`ChaosProxy::refuse`], a TCP connect always succeeds. Ending the
    /// hold resets the held connections, as the balancer would once its
    /// backend is back.
    pub fn hold(&self, holding: bool) {
        self.state.holding.store(holding, Ordering::SeqCst);
        if !holding {
            std::mem::take(&mut *self.state.held.lock().expect("held")).cancel();
        }
    }

    /// The broker is gone for good: stop listening (connects are refused)
    /// and reset every live connection.
    pub fn shut_down(&self) {
        self.accepting.abort();
        self.refuse(true);
        cut(&self.state);
    }

    pub fn seen(&self) -> Seen {
        self.state.seen.lock().expect("seen").clone()
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn cut(state: &State) {
    let old = std::mem::take(&mut *state.generation.lock().expect("generation"));
    *state.cut_at.lock().expect("cut time") = Some(Instant::now());
    state.seen.lock().expect("seen").cuts += 1;
    old.cancel();
}

async fn accept(listener: TcpListener, upstream: String, state: Arc<State>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        if state.refusing.load(Ordering::SeqCst) {
            reset(client);
            continue;
        }
        if state.holding.load(Ordering::SeqCst) {
            tokio::spawn(hold_unanswered(client, state.held.lock().expect("held").clone()));
            continue;
        }
        let Ok(broker) = TcpStream::connect(&upstream).await else {
            reset(client);
            continue;
        };
        let generation = state.generation.lock().expect("generation").clone();
        state.seen.lock().expect("seen").connections += 1;
        tokio::spawn(forward(client, broker, generation, Arc::clone(&state)));
    }
}

/// Reads and drops what the client sends, answering nothing, until the
/// hold ends (or a bound, so a forgotten hold cannot outlive the test).
async fn hold_unanswered(mut client: TcpStream, released: CancellationToken) {
    let mut sink = [0u8; 512];
    let _ = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            tokio::select! {
                () = released.cancelled() => break,
                read = client.read(&mut sink) => if !matches!(read, Ok(n) if n > 0) { break },
            }
        }
    })
    .await;
    reset(client);
}

/// Closes a socket with RST, as a crashed peer or a cut network does.
fn reset(socket: TcpStream) {
    let _ = socket.set_zero_linger();
    drop(socket);
}

async fn forward(client: TcpStream, broker: TcpStream, generation: CancellationToken, state: Arc<State>) {
    let _ = client.set_nodelay(true);
    let _ = broker.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut broker_read, mut broker_write) = broker.into_split();
    let ended = tokio::select! {
        () = generation.cancelled() => Ended::Cut,
        ended = copy(&mut client_read, &mut broker_write) => ended.unwrap_or(Ended::Closed),
        ended = from_broker(&mut broker_read, &mut client_write, &state) => ended.unwrap_or(Ended::Closed),
    };
    if ended == Ended::Cut {
        // Dropped with SO_LINGER 0, both sockets send RST, as a crashed
        // peer or a cut network does; otherwise they close normally.
        let _ = client_read.as_ref().set_zero_linger();
        let _ = broker_read.as_ref().set_zero_linger();
    }
}

#[derive(PartialEq)]
enum Ended {
    /// One side closed its connection.
    Closed,
    /// The proxy cut it.
    Cut,
}

/// Worker → broker, byte for byte.
async fn copy(from: &mut OwnedReadHalf, to: &mut OwnedWriteHalf) -> std::io::Result<Ended> {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = from.read(&mut buffer).await?;
        if read == 0 {
            return Ok(Ended::Closed);
        }
        to.write_all(&buffer[..read]).await?;
    }
}

/// Broker → worker, whole frames at a time, looking at each.
async fn from_broker(from: &mut OwnedReadHalf, to: &mut OwnedWriteHalf, state: &State) -> std::io::Result<Ended> {
    let mut pending = Vec::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = from.read(&mut buffer).await?;
        if read == 0 {
            return Ok(Ended::Closed);
        }
        pending.extend_from_slice(&buffer[..read]);
        let mut complete = 0;
        while let Some(length) = frame_length(&pending[complete..]) {
            if look_at(&pending[complete..complete + length], state) == Verdict::Cut {
                // Everything before the confirm reaches the worker; the
                // confirm itself never does.
                to.write_all(&pending[..complete]).await?;
                cut(state);
                return Ok(Ended::Cut);
            }
            complete += length;
        }
        to.write_all(&pending[..complete]).await?;
        pending.drain(..complete);
    }
}

/// The length of the first frame in `bytes` if it is complete.
fn frame_length(bytes: &[u8]) -> Option<usize> {
    let size = u32::from_be_bytes(bytes.get(3..FRAME_HEADER)?.try_into().ok()?) as usize;
    let length = FRAME_HEADER + size + 1;
    if bytes.len() < length {
        return None;
    }
    assert_eq!(bytes[length - 1], FRAME_END, "the proxy lost AMQP frame sync");
    Some(length)
}

#[derive(PartialEq)]
enum Verdict {
    Pass,
    Cut,
}

fn look_at(frame: &[u8], state: &State) -> Verdict {
    if frame[0] != METHOD_FRAME || frame.len() < FRAME_HEADER + 4 {
        return Verdict::Pass;
    }
    let payload = &frame[FRAME_HEADER..frame.len() - 1];
    let class = u16::from_be_bytes([payload[0], payload[1]]);
    let method = u16::from_be_bytes([payload[2], payload[3]]);
    match (class, method) {
        (BASIC, BASIC_DELIVER) => {
            // consumer-tag (short string), delivery-tag (u64), redelivered (bit)
            let tag_length = payload[4] as usize;
            let redelivered = payload[5 + tag_length + 8] & 1 == 1;
            let mut seen = state.seen.lock().expect("seen");
            seen.deliveries += 1;
            seen.redeliveries += usize::from(redelivered);
        }
        (BASIC, BASIC_CONSUME_OK) => {
            if let Some(cut_at) = state.cut_at.lock().expect("cut time").take() {
                state.seen.lock().expect("seen").recoveries.push(cut_at.elapsed());
            }
        }
        (BASIC, BASIC_ACK) if state.cut_at_confirm.swap(false, Ordering::SeqCst) => return Verdict::Cut,
        _ => {}
    }
    Verdict::Pass
}
