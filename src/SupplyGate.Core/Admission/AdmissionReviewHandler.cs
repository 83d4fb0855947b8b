using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Admission;

/// <summary>
/// One AdmissionReview, end to end and host-independent: read it, skip excluded namespaces and kinds without a
/// pod spec, decide every image of the workload in parallel within the budget, and answer. <c>enforce</c>
/// failures deny (status 403 naming each image, its failed check and SG code); <c>warn</c> failures become
/// AdmissionResponse warnings; <c>audit</c> failures are only logged and counted. A request that cannot be read
/// is answered, never thrown: a denying review with status 400 naming what is wrong.
/// </summary>
public sealed class AdmissionReviewHandler(ImageAdmission admission, IAdmissionMetrics metrics, Action<string> log) : IDisposable
{
    // Bounds the reviews decided at once; the others wait, inside their own budget.
    private readonly SemaphoreSlim _gate = new(admission.Config.MaxConcurrentReviews, admission.Config.MaxConcurrentReviews);

    public void Dispose() => _gate.Dispose();

    /// <summary>Answers a <c>/validate</c> (or, with <paramref name="mutate"/>, a <c>/mutate</c>) review body.</summary>
    public async Task<byte[]> HandleAsync(ReadOnlyMemory<byte> body, bool mutate, CancellationToken cancellationToken)
    {
        long started = admission.Time.GetTimestamp();
        (AdmissionRequest? request, AdmissionReviewProblem? problem) = AdmissionReviewJson.Read(body);
        if (problem is not null)
        {
            return Problem(problem, started);
        }

        AdmissionResponse response;
        string reason;
        try
        {
            (response, reason) = await DecideAsync(request!, mutate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Each image's failures are verdicts already; this is a failure around them (the host's environment, a
            // bug). Fail closed with an answer that says so, never an empty HTTP 500 the API server cannot explain.
            log($"admission error {request!.Kind} {request.Namespace}/{request.Name}: {ex.GetType().Name}: {ex.Message}");
            (response, reason) = (new AdmissionResponse(request.Uid, mutate)
            {
                StatusCode = mutate ? null : 500,
                Message = mutate ? null : $"{DiagnosticCode.InternalError}: SupplyGate could not decide {request.Kind} {request.Namespace}/{request.Name}: {ex.GetType().Name}: {ex.Message}",
            }, AdmissionReason.Error);
        }

        string decision = response.Allowed ? (response.Warnings.Count > 0 ? "warn" : "allow") : "deny";
        metrics.Review(decision, reason, request!.Namespace ?? string.Empty, request.Operation, admission.Time.GetElapsedTime(started));
        return AdmissionReviewJson.Write(response);
    }

    /// <summary>A body over the size limit: answered with status 413 without reading it.</summary>
    public byte[] TooLarge(long limit)
    {
        var problem = new AdmissionReviewProblem(string.Empty, 413, $"{DiagnosticCode.AdmissionReviewInvalid}: the AdmissionReview is larger than the limit of {limit} bytes (spec.maxRequestBytes)");
        return Problem(problem, admission.Time.GetTimestamp());
    }

    private byte[] Problem(AdmissionReviewProblem problem, long started)
    {
        log($"admission refused: {problem.Message}");
        metrics.Review("deny", AdmissionReason.InvalidRequest, string.Empty, "UNKNOWN", admission.Time.GetElapsedTime(started));
        return AdmissionReviewJson.Write(problem);
    }

    private async Task<(AdmissionResponse Response, string Reason)> DecideAsync(AdmissionRequest request, bool mutate, CancellationToken cancellationToken)
    {
        if (request.Namespace is { } ns && admission.Config.ExcludeNamespaces.Contains(ns, StringComparer.Ordinal))
        {
            return (new AdmissionResponse(request.Uid, true), AdmissionReason.Excluded);
        }

        IReadOnlyList<WorkloadImage> images = request.Workload is { } workload ? WorkloadImages.Find(request.Kind, workload) : [];
        if (images.Count == 0 || request.Operation is "DELETE" or "CONNECT")
        {
            return (new AdmissionResponse(request.Uid, true), AdmissionReason.NoImages);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(admission.Config.Budget);
        string[] distinct = images.Select(i => i.Image).Distinct(StringComparer.Ordinal).ToArray();
        try
        {
            await _gate.WaitAsync(budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new AdmissionResponse(request.Uid, mutate)
            {
                StatusCode = mutate ? null : 503,
                Message = mutate ? null : $"{DiagnosticCode.AdmissionTimedOut}: {admission.Config.MaxConcurrentReviews} reviews in progress; this one did not start within the budget of {admission.Config.Budget.TotalMilliseconds:0} ms",
            }, AdmissionReason.Timeout);
        }

        ImageVerdict[] verdicts;
        try
        {
            verdicts = mutate
                ? await Task.WhenAll(distinct.Select(image => admission.PinAsync(image, budget.Token))).ConfigureAwait(false)
                : await Task.WhenAll(distinct.Select(image => admission.DecideAsync(image, request.Namespace, budget.Token))).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        cancellationToken.ThrowIfCancellationRequested();
        string subject = $"{request.Kind} {request.Namespace}/{request.Name}";
        return mutate ? Mutation(request, images, verdicts, subject) : Validation(request, verdicts, subject);
    }

    private (AdmissionResponse, string) Validation(AdmissionRequest request, ImageVerdict[] verdicts, string subject)
    {
        var denied = verdicts.Where(v => !v.Passed && v.Mode == AdmissionMode.Enforce).ToArray();
        var warned = verdicts.Where(v => !v.Passed && v.Mode == AdmissionMode.Warn).ToArray();
        var audited = verdicts.Where(v => !v.Passed && v.Mode == AdmissionMode.Audit && v.Reason != AdmissionReason.Unmatched).ToArray();
        foreach (ImageVerdict verdict in verdicts)
        {
            string outcome = verdict.Passed ? "pass" : verdict.Mode switch { AdmissionMode.Enforce => "deny", AdmissionMode.Warn => "warn", _ => "audit" };
            log($"admission {outcome} {subject} {verdict.Describe()} reason={verdict.Reason}" + (verdict.Digest is null ? string.Empty : $" digest={verdict.Digest}"));
        }

        var warnings = warned.Select(v => v.Describe())
            .Concat(verdicts.Where(v => v.Passed).SelectMany(v => v.Warnings.Select(w => $"{v.Image}: {w}")))
            .Distinct(StringComparer.Ordinal)
            .Select(Shorten)
            .ToArray();
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (audited.Length > 0)
        {
            annotations["supplygate.dev/audit"] = string.Join("; ", audited.Select(v => v.Describe()));
        }

        string reason = (denied.FirstOrDefault() ?? warned.FirstOrDefault() ?? audited.FirstOrDefault() ?? verdicts.First()).Reason;
        if (denied.Length > 0)
        {
            return (new AdmissionResponse(request.Uid, false)
            {
                StatusCode = 403,
                Message = $"SupplyGate denied {subject}: " + string.Join("; ", denied.Select(v => v.Describe())),
                Warnings = warnings,
                AuditAnnotations = annotations,
            }, reason);
        }

        return (new AdmissionResponse(request.Uid, true) { Warnings = warnings, AuditAnnotations = annotations }, reason);
    }

    // kubectl shows each warning on one line; the API server asks webhooks to keep them short (it truncates long ones).
    private static string Shorten(string warning) => warning.Length <= 256 ? warning : warning[..253] + "...";

    private (AdmissionResponse, string) Mutation(AdmissionRequest request, IReadOnlyList<WorkloadImage> images, ImageVerdict[] verdicts, string subject)
    {
        var pinned = verdicts.Where(v => v.Pinned is not null).ToDictionary(v => v.Image, v => v.Pinned!, StringComparer.Ordinal);
        var patch = images.Where(i => pinned.ContainsKey(i.Image)).Select(i => (i.ImagePath, pinned[i.Image])).ToArray();
        // Pinning is a convenience: an image that cannot be resolved is left as it is and /validate fails it closed.
        string[] warnings = verdicts.Where(v => !v.Passed).Select(v => $"not pinned: {v.Describe()}").ToArray();
        foreach ((string path, string image) in patch)
        {
            log($"admission pin {subject} {path} -> {image}");
        }

        return (new AdmissionResponse(request.Uid, true)
        {
            Patch = patch.Length == 0 ? null : AdmissionReviewJson.ImagePatch(patch),
            Warnings = warnings,
        }, verdicts.FirstOrDefault(v => !v.Passed)?.Reason ?? AdmissionReason.Verified);
    }
}
