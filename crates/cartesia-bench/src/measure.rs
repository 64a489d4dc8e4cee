//! What a process costs: CPU time (user + sys, every thread) and peak memory, from
//! `getrusage(RUSAGE_SELF)`; and pinning a process to one CPU.

use std::time::Duration;

/// The resource usage of this process so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// CPU time in user mode, all threads.
    pub user: Duration,
    /// CPU time in the kernel on behalf of this process, all threads.
    pub sys: Duration,
    /// The peak resident set size, in KiB.
    pub max_rss_kib: u64,
}

/// The resource usage of this process (all its threads) so far.
pub fn usage() -> Usage {
    // SAFETY: `rusage` is plain data, so all-zero is a valid value; `getrusage` only writes
    // into the struct we pass, and `RUSAGE_SELF` is always a valid `who`.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut ru) != 0 {
            panic!("getrusage failed: {}", std::io::Error::last_os_error());
        }
        ru
    };
    Usage {
        user: timeval(ru.ru_utime),
        sys: timeval(ru.ru_stime),
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: u64::try_from(ru.ru_maxrss).unwrap_or(0),
    }
}

fn timeval(tv: libc::timeval) -> Duration {
    let secs = u64::try_from(tv.tv_sec).unwrap_or(0);
    let micros = u32::try_from(tv.tv_usec).unwrap_or(0);
    Duration::from_secs(secs) + Duration::from_micros(u64::from(micros))
}

/// Pins this process (its calling thread and the threads it starts afterwards) to `cpu`.
/// Returns false when that is not possible (no such CPU, or not allowed).
pub fn pin_to_cpu(cpu: usize) -> bool {
    if cpu >= libc::CPU_SETSIZE as usize {
        return false;
    }
    // SAFETY: `cpu_set_t` is plain data (all-zero is the empty set); CPU_SET writes inside
    // it for an index below CPU_SETSIZE (checked above); sched_setaffinity reads
    // `size_of::<cpu_set_t>()` bytes of it. Pid 0 is the calling thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
    }
}

/// The CPUs this process may run on, in increasing order (empty if unknown).
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: as in `pin_to_cpu`; sched_getaffinity writes at most
    // `size_of::<cpu_set_t>()` bytes into `set`, and CPU_ISSET reads inside it for indices
    // below CPU_SETSIZE.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&cpu| libc::CPU_ISSET(cpu, &set))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_grows_with_work() {
        let before = usage();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        std::hint::black_box(x);
        let after = usage();
        assert!(after.user + after.sys > before.user + before.sys);
        assert!(after.max_rss_kib > 0);
        assert!(!allowed_cpus().is_empty());
    }
}
