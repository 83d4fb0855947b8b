using System.Net;
using System.Net.Http.Headers;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// When to try again (docs/architecture.md spec 7 "Errors": 429 TOOMANYREQUESTS with Retry-After): 429, 502, 503, 504 and
/// failures without an answer are transient; the wait is <c>Retry-After</c> when given, else exponential
/// backoff with jitter.
/// </summary>
internal static class RetryPolicy
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 = the first retry).</summary>
    public static TimeSpan Backoff(int nextAttempt, RegistryClientOptions options)
    {
        double exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, nextAttempt - 2);
        double capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);

        // "Equal jitter": half fixed, half random, so retries from many clients spread out but never collapse to 0.
        double jitter = (options.Jitter ?? Random.Shared.NextDouble)();
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * jitter));
    }

    /// <summary>Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or in the past.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            TimeSpan wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
