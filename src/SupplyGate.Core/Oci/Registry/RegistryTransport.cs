using System.Net;
using System.Text.Json;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>One request to the registry: how to build it (again, for a retry) and what it needs.</summary>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri, RegistryScope Scope, string Operation)
{
    /// <summary>Builds the body afresh for each attempt; null for no body.</summary>
    public Func<HttpContent>? Content { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Return after the headers and stream the body (blob downloads).</summary>
    public bool Streaming { get; init; }

    /// <summary>False when the body cannot be sent twice (a non-seekable stream): no retries then.</summary>
    public bool Replayable { get; init; } = true;
}

/// <summary>
/// Sends registry requests with authentication, a per-request timeout, and bounded retries with backoff
/// (distribution-spec v1.1.0 spec.md; docs/architecture.md spec 7). Callers get every non-transient response and map the
/// status themselves; <see cref="FailAsync"/> turns an unexpected one into SG1018.
/// </summary>
internal sealed class RegistryTransport(string registry, HttpClient http, RegistryClientOptions options)
{
    private readonly RegistryAuthenticator _auth = new(registry, http, options);

    public string Registry => registry;

    public Uri BaseUri { get; } = RegistryEndpoints.BaseUri(registry, options);

    public Uri Api(string relative) => new(BaseUri, "v2/" + relative);

    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        TimeProvider clock = options.TimeProvider;
        long started = clock.GetTimestamp();
        bool challenged = false;
        int maxAttempts = request.Replayable ? Math.Max(1, options.MaxAttempts) : 1;
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? failure = null;
            HttpStatusCode? status = null;
            TimeSpan? retryAfter = null;
            Exception? error = null;
            using (var message = new HttpRequestMessage(request.Method, request.Uri))
            {
                foreach ((string name, string value) in request.Headers)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                message.Content = request.Content?.Invoke();
                // Credentials only go to the registry itself, never to another host a Location points at (docs/architecture.md spec 7 Auth 5).
                if (string.Equals(request.Uri.Authority, BaseUri.Authority, StringComparison.OrdinalIgnoreCase))
                {
                    await _auth.ApplyAsync(message, request.Scope, cancellationToken).ConfigureAwait(false);
                }

                HttpResponseMessage response;
                using (var timeout = new CancellationTokenSource(options.RequestTimeout, clock))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
                {
                    try
                    {
                        response = await http.SendAsync(
                            message, request.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s";
                        error = ex;
                        response = null!;
                    }
                    catch (HttpRequestException ex)
                    {
                        failure = $"network error: {ex.Message}";
                        error = ex;
                        response = null!;
                    }
                }

                if (error is null)
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        using (response)
                        {
                            // One challenge per request: a second 401 after answering it means the credentials
                            // (or the token they bought) are refused, and asking again would loop forever.
                            if (challenged)
                            {
                                throw new RegistryException(
                                    $"{Describe(request)}: credentials rejected (401 again after authenticating)", registry, request.Scope.Repository, 401);
                            }

                            challenged = true;
                            await _auth.OnChallengeAsync(response, request.Scope, cancellationToken).ConfigureAwait(false);
                            attempt--;
                            continue;
                        }
                    }

                    if (!RetryPolicy.IsTransient(response.StatusCode))
                    {
                        return response;
                    }

                    status = response.StatusCode;
                    retryAfter = RetryPolicy.RetryAfter(response.Headers.RetryAfter, clock.GetUtcNow());
                    failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    response.Dispose();
                }
                else
                {
                    failure ??= "failed";
                }
            }

            TimeSpan wait = retryAfter ?? RetryPolicy.Backoff(attempt + 1, options);
            TimeSpan elapsed = clock.GetElapsedTime(started);
            if (attempt >= maxAttempts || elapsed + wait > options.MaxRetryTime)
            {
                string why = attempt >= maxAttempts ? $"after {attempt} attempt(s)" : $"after {attempt} attempt(s); the next wait ({wait.TotalSeconds:0.#} s) would exceed the retry budget of {options.MaxRetryTime.TotalSeconds:0.#} s";
                throw new RegistryException(
                    $"{Describe(request)}: {failure} {why}", registry, request.Scope.Repository, status is null ? null : (int)status, null, error);
            }

            await (options.Delay ?? DefaultDelay)(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Turns an unexpected response into SG1018 with the registry's error codes and message.</summary>
    public async Task<RegistryException> FailAsync(HttpResponseMessage response, RegistryRequest request, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        string detail = string.Empty;
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length is > 0 and < 65536 && body[0] == (byte)'{')
            {
                RegistryErrorsJson? errors = JsonSerializer.Deserialize(body, OciJsonContext.Default.RegistryErrorsJson);
                foreach (RegistryErrorJson item in errors?.Errors ?? [])
                {
                    codes.Add(item.Code ?? "UNKNOWN");
                    detail += $" {item.Code}: {item.Message};";
                }
            }
        }
        catch (JsonException)
        {
            // The status alone still says what went wrong.
        }
        catch (HttpRequestException)
        {
            // Same as above.
        }

        return new RegistryException(
            $"{Describe(request)}: {(int)response.StatusCode} {response.ReasonPhrase}{detail.TrimEnd(';')}", registry, request.Scope.Repository, (int)response.StatusCode, codes);
    }

    public string Describe(RegistryRequest request) =>
        $"{registry}{(request.Scope.Repository is null ? string.Empty : "/" + request.Scope.Repository)}: {request.Operation}";

    private Task DefaultDelay(TimeSpan wait, CancellationToken cancellationToken) => Task.Delay(wait, options.TimeProvider, cancellationToken);
}
