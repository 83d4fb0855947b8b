using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Gate;

/// <summary>One platform image of an index as verification saw it.</summary>
public sealed record AttestedPlatform(PlatformImage Image, AttestedImage Attested);

/// <summary>Why an index does not verify, on which platform (null: the index itself); <see cref="Code"/> is SG5040–SG5042.</summary>
public sealed record PlatformProblem(string Code, string? Platform, string Message);

/// <summary>An index as verification saw it: the index's own attestations, each platform checked, and what is wrong.</summary>
public sealed record AttestedIndex(
    ImageReference Reference,
    Digest Digest,
    AttestedImage Index,
    IReadOnlyList<AttestedPlatform> Platforms,
    IReadOnlyList<PlatformProblem> Problems)
{
    public bool Verified => Problems.Count == 0;
}

/// <summary>What to check on an index: the signer policy per subject digest, the predicate types each platform needs, the platform filter and the policy's required platforms.</summary>
public sealed record IndexCheckRequest
{
    public required Func<Digest, BundleVerificationPolicy> Policy { get; init; }

    public required IReadOnlyList<string> RequiredTypes { get; init; }

    /// <summary>Check only this platform (<c>--platform</c>); null: every platform of the index.</summary>
    public string? Platform { get; init; }

    /// <summary><c>spec.image.platforms</c>: platforms the index must have.</summary>
    public IReadOnlyList<string> RequiredPlatforms { get; init; } = [];
}

/// <summary>
/// Verification of an image index (docs/attestations.md "Multi-platform images"), for <c>verify</c> and the admission
/// webhook alike. The index must carry a verified platform list whose platforms and digests are exactly the index's
/// (so a platform added, removed or replaced after signing is refused), every checked platform must have a verified
/// attestation of each required type, and every platform the policy requires must be there. When the index's own list
/// is missing (any change to an index changes its digest), the list each platform was signed with says what changed.
/// </summary>
public static class AttestedIndexCheck
{
    public static async Task<AttestedIndex> VerifyAsync(
        IRegistryClient registry,
        ImageReference image,
        ManifestResponse index,
        IndexCheckRequest request,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(request);
        string name = $"{image.Registry}/{image.Repository}@{index.Digest}";
        IReadOnlyList<PlatformImage> platforms = IndexPlatforms.List(OciDocuments.ParseIndex(index.Bytes, name), name);
        IReadOnlyList<PlatformImage> selected = Select(platforms, request.Platform, name);
        var problems = new List<PlatformProblem>();
        foreach (string required in request.RequiredPlatforms.Where(r => !platforms.Any(p => Same(p.Platform, r))))
        {
            problems.Add(new PlatformProblem(
                DiagnosticCode.RequiredPlatformMissing, required, $"the policy requires platform {required} (spec.image.platforms), but the index has only {string.Join(", ", platforms.Select(p => p.Platform))}"));
        }

        AttestedImage own = await AttestedImageCheck.VerifyAsync(
            registry, image, index.Digest, request.Policy(index.Digest), [PlatformsPredicate.Type], time, cancellationToken).ConfigureAwait(false);
        var checkedPlatforms = new List<AttestedPlatform>(platforms.Count);
        foreach (PlatformImage platform in platforms)
        {
            // Every platform's own platform list is read, so a tampered index can be explained; only the selected are required to verify.
            IReadOnlyList<string> types = selected.Contains(platform) ? [.. request.RequiredTypes] : [];
            AttestedImage attested = await AttestedImageCheck.VerifyAsync(
                registry, image, platform.Manifest.Digest, request.Policy(platform.Manifest.Digest), types, time, cancellationToken).ConfigureAwait(false);
            checkedPlatforms.Add(new AttestedPlatform(platform, attested));
        }

        problems.AddRange(ListProblems(index.Digest, platforms, own, checkedPlatforms));
        foreach (AttestedPlatform platform in checkedPlatforms.Where(p => selected.Contains(p.Image) && !p.Attested.Verification.Verified))
        {
            int found = platform.Attested.Verification.Checks.Count;
            problems.Add(new PlatformProblem(
                DiagnosticCode.PlatformNotAttested,
                platform.Image.Platform,
                $"platform {platform.Image.Platform} ({platform.Image.Manifest.Digest}) has no verified attestation of type {string.Join(", ", platform.Attested.Verification.MissingTypes)} ({(found == 0 ? "none attached: unsigned" : $"{found} found, none verifies")})"));
        }

        return new AttestedIndex(image, index.Digest, own, checkedPlatforms.Where(p => selected.Contains(p.Image)).ToArray(), problems);
    }

    private static IReadOnlyList<PlatformImage> Select(IReadOnlyList<PlatformImage> platforms, string? wanted, string name)
    {
        if (wanted is null)
        {
            return platforms;
        }

        if (!Platform.TryParse(wanted, out Platform? parsed))
        {
            throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"--platform '{wanted}': expected os/arch or os/arch/variant, e.g. linux/arm64");
        }

        string platform = parsed.ToString();

        PlatformImage? match = platforms.FirstOrDefault(p => Same(p.Platform, platform));
        return match is not null
            ? [match]
            : throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"{name} has no platform {platform} (it has {string.Join(", ", platforms.Select(p => p.Platform))})");
    }

    /// <summary>The index's signed platform list against the index; without one, the newest list a platform was signed with.</summary>
    private static IEnumerable<PlatformProblem> ListProblems(Digest indexDigest, IReadOnlyList<PlatformImage> platforms, AttestedImage own, List<AttestedPlatform> checkedPlatforms)
    {
        if (SignedList(own.Verification) is { } signed)
        {
            return Compare(platforms, signed, "the index's signed platform list");
        }

        BundleVerification? newest = checkedPlatforms
            .Select(p => p.Attested.Verification.Latest(PlatformsPredicate.Type))
            .Where(v => v is not null)
            .OrderByDescending(v => v!.SignedAt)
            .FirstOrDefault();
        var problems = new List<PlatformProblem>
        {
            new(DiagnosticCode.PlatformListMismatch, null, $"the index {indexDigest} has no verified platform list ({PlatformsPredicate.Type}): it is not the index that was signed"),
        };
        if (newest?.Statement?.Predicate is { } predicate && PlatformsPredicate.Read(predicate) is { } sibling)
        {
            problems.AddRange(Compare(platforms, sibling, "the platform list signed with its platforms"));
        }

        return problems;
    }

    private static List<PlatformProblem> Compare(IReadOnlyList<PlatformImage> platforms, IReadOnlyDictionary<string, string> signed, string what)
    {
        var problems = new List<PlatformProblem>();
        foreach (PlatformImage platform in platforms)
        {
            string digest = platform.Manifest.Digest.ToString();
            if (!signed.TryGetValue(platform.Platform, out string? expected))
            {
                problems.Add(new PlatformProblem(DiagnosticCode.PlatformListMismatch, platform.Platform, $"platform {platform.Platform} ({digest}) is in the index but not in {what}: added after signing"));
            }
            else if (!string.Equals(expected, digest, StringComparison.Ordinal))
            {
                problems.Add(new PlatformProblem(DiagnosticCode.PlatformListMismatch, platform.Platform, $"platform {platform.Platform} is {digest} in the index, but {expected} in {what}: replaced after signing"));
            }
        }

        foreach ((string platform, string digest) in signed.Where(s => !platforms.Any(p => Same(p.Platform, s.Key))).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            problems.Add(new PlatformProblem(DiagnosticCode.PlatformListMismatch, platform, $"platform {platform} ({digest}) is in {what} but not in the index: removed after signing"));
        }

        return problems;
    }

    private static IReadOnlyDictionary<string, string>? SignedList(ImageVerification verification) =>
        verification.Latest(PlatformsPredicate.Type)?.Statement?.Predicate is { } predicate ? PlatformsPredicate.Read(predicate) : null;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
