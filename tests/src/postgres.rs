//! A throwaway PostgreSQL server for the tests that need one: initialised in a temporary
//! directory, listening on 127.0.0.1 at a port the system had free, stopped and removed on drop.
//!
//! The binaries come from `COOKIE_REGISTRY_PG_BIN` (the directory holding `initdb`, `pg_ctl`
//! and `postgres`; `.ci/run` sets it), else Debian's `/usr/lib/postgresql/15/bin`. PostgreSQL
//! refuses to run as root, so as root the commands run as the `postgres` user (`runuser`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where Debian's PostgreSQL 15 puts its binaries.
pub const DEFAULT_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running PostgreSQL server of its own, for one test.
#[derive(Debug)]
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    /// Initialises and starts a server, or, when PostgreSQL is not installed, reports the skip
    /// of `test` ([`crate::skip`]: a failure under CI) and returns `None`.
    ///
    /// # Panics
    /// When the server is installed but does not start (with its log).
    #[must_use]
    pub fn start(test: &str) -> Option<Postgres> {
        let bin = std::env::var_os("COOKIE_REGISTRY_PG_BIN")
            .map_or_else(|| PathBuf::from(DEFAULT_BIN), PathBuf::from);
        if !bin.join("initdb").is_file() || !bin.join("pg_ctl").is_file() {
            crate::skip(
                test,
                &format!(
                    "no PostgreSQL in {} (set COOKIE_REGISTRY_PG_BIN)",
                    bin.display()
                ),
            );
            return None;
        }
        let as_postgres = is_root();
        let mut server = Postgres {
            bin,
            dir: PathBuf::new(),
            port: free_port(),
            as_postgres,
        };
        let made = server.run("mktemp", &["-d", "/tmp/cookie-registry-pg.XXXXXX"]);
        server.dir = PathBuf::from(String::from_utf8_lossy(&made.stdout).trim());
        assert!(server.dir.is_dir(), "mktemp: {made:?}");
        let data = server.data();
        let initdb = server.bin.join("initdb");
        let out = server.run(
            initdb.to_str().unwrap_or_default(),
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server.start_again();
        Some(server)
    }

    /// The connection URL: `postgres://postgres@127.0.0.1:<port>/postgres`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The port it listens on.
    #[must_use]
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server now (`pg_ctl stop -m immediate`: connections break as in a crash).
    ///
    /// # Panics
    /// When `pg_ctl` fails.
    pub fn stop(&self) {
        let out = self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts the server again on the same port and data, waiting until it accepts connections.
    ///
    /// # Panics
    /// When it does not start (with its log).
    pub fn start_again(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = format!("{}/log", self.dir.display());
        let out = self.pg_ctl(&["start", "-w", "-t", "60", "-l", &log, "-o", &options]);
        assert!(
            out.status.success(),
            "pg_ctl start: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.display())
    }

    fn pg_ctl(&self, args: &[&str]) -> Output {
        let pg_ctl = self.bin.join("pg_ctl");
        let data = self.data();
        let mut all = vec!["-D", data.as_str()];
        all.extend_from_slice(args);
        self.run(pg_ctl.to_str().unwrap_or_default(), &all)
    }

    /// Runs `program` with `args`, as the `postgres` user when this process is root.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--", program]);
            command
        } else {
            Command::new(program)
        };
        command
            .args(args)
            .current_dir("/")
            .output()
            .unwrap_or_else(|error| panic!("{program}: {error}"))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.dir.as_os_str().is_empty() {
            return;
        }
        let _ = self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
        let _ = std::fs::remove_dir_all(Path::new(&self.dir));
    }
}

/// Whether this process runs as root (`id -u` is 0).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_or(0, |addr| addr.port())
}
