namespace SupplyGate.Cli.Hosting;

/// <summary>Process exit codes (docs/architecture.md "Exit codes"); scripts and CI rely on them, so they never change.</summary>
internal enum ExitCode
{
    /// <summary>Passed.</summary>
    Passed = 0,

    /// <summary>Policy denied: violations were found.</summary>
    PolicyDenied = 1,

    /// <summary>Usage or input error, or a tool failure.</summary>
    InputError = 2,

    /// <summary>Advisory data missing or stale beyond policy.</summary>
    DataStale = 3,

    /// <summary>Verification failed (signature, chain, identity, subject).</summary>
    VerificationFailed = 4,

    /// <summary>Interrupted (Ctrl-C, SIGINT or SIGTERM): nothing was left half-written; 128 + SIGINT, as shells report it.</summary>
    Cancelled = 130,
}
