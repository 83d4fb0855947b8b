namespace SupplyGate.Core.Oci.Registry;

/// <summary>How a <see cref="RegistryClient"/> authenticates, retries and times out.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Where credentials come from; null means anonymous only.</summary>
    public IRegistryCredentialProvider? Credentials { get; init; }

    /// <summary>Clock for token expiry, per-request timeouts and the total retry budget.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Time allowed for one request until its response headers (the body of a blob streams without it).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Attempts per request, the first included, for 429/502/503/504, timeouts and network errors.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>No retry starts once this much time has passed since the first attempt (or would pass during the wait).</summary>
    public TimeSpan MaxRetryTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The first backoff; it doubles per attempt up to <see cref="MaxDelay"/>, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits between attempts; tests inject one that records and returns at once. Null: <c>Task.Delay</c> on <see cref="TimeProvider"/>.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>A number in [0,1) that spreads backoffs (jitter); tests inject a constant. Null: <c>Random.Shared</c>.</summary>
    public Func<double>? Jitter { get; init; }

    /// <summary>Registries (host[:port]) reached over http; localhost, 127.0.0.1 and [::1] always are.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>Blobs larger than this are pushed in chunks of this size by <see cref="IBlobOperations.PushAsync"/>.</summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;
}
