//! Scheduling hints for the node's own threads.

/// Nice value of the node's throughput threads (transaction ingest: sender recovery): on a
/// machine whose cores are all busy, the block producer and the RPC workers answering clients
/// run first, and these take what is left. Their work still gets done: a nice value only weighs
/// the share of CPU time (Linux CFS: about 1/10 of a nice-0 thread at +10 when both want to run).
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority to [`BACKGROUND_NICE`] (Linux: the nice value is per
/// thread). Best effort: elsewhere, or when the call is refused, nothing changes.
pub fn lower_current_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        // `who = 0` with PRIO_PROCESS names the calling thread on Linux (nice values are per
        // task). Raising the nice value needs no privilege.
        #[allow(unsafe_code)]
        // SAFETY: setpriority takes plain integers and touches no memory of ours.
        let rc = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE) };
        if rc != 0 {
            // Not worth failing over: the thread keeps its priority.
        }
    }
}
