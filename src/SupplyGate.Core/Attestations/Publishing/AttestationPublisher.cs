using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Attestations.Publishing;

/// <summary>
/// Signs a predicate about an image and attaches it (docs/architecture.md spec 3–§7): in-toto statement whose subject is the
/// image manifest digest → DSSE → RFC 3161 timestamp over the raw signature bytes → bundle v0.3 → bundle blob,
/// empty config and an OCI 1.1 artifact manifest pushed by digest → referrers API or the fallback index.
/// </summary>
public sealed class AttestationPublisher
{
    private readonly IRegistryClient _registry;
    private readonly Timestamps.TimestampClient? _timestamps;
    private readonly TimeProvider _time;

    /// <param name="registry">The registry holding the image.</param>
    /// <param name="timestamps">The RFC 3161 client; required when a request names a timestamp URL.</param>
    /// <param name="time">The clock for <c>org.opencontainers.image.created</c>.</param>
    public AttestationPublisher(IRegistryClient registry, Timestamps.TimestampClient? timestamps, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _timestamps = timestamps;
        _time = time;
    }

    /// <summary>The image manifest's descriptor (media type, digest, size) for a tag or digest reference.</summary>
    public async Task<Descriptor> ResolveSubjectAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        string reference = image.Digest?.ToString() ?? image.Tag ?? "latest";
        ManifestResponse manifest = await _registry.Manifests.GetAsync(image.Repository, reference, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length };
    }

    /// <summary>
    /// Resolves <paramref name="image"/> once and attaches one attestation per predicate to that digest, so a tag
    /// moved between two predicates cannot split them across images.
    /// </summary>
    public async Task<IReadOnlyList<AttestationPublishResult>> PublishAllAsync(
        ImageReference image,
        IReadOnlyList<(string Type, byte[] Predicate)> predicates,
        SigningMaterial signing,
        Uri? timestampUrl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(predicates);
        ArgumentNullException.ThrowIfNull(signing);
        Descriptor subject = await ResolveSubjectAsync(image, cancellationToken).ConfigureAwait(false);
        return await PublishAllAsync(image.Repository, subject, predicates, signing, timestampUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches one attestation per predicate to <paramref name="subject"/>, already resolved, in <paramref name="repository"/>.</summary>
    public async Task<IReadOnlyList<AttestationPublishResult>> PublishAllAsync(
        string repository,
        Descriptor subject,
        IReadOnlyList<(string Type, byte[] Predicate)> predicates,
        SigningMaterial signing,
        Uri? timestampUrl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(predicates);
        ArgumentNullException.ThrowIfNull(signing);

        // Signing, timestamping and uploading the bundles are independent, so they overlap; the referrer
        // manifests are then pushed one at a time, because each updates the shared fallback index and
        // docker-registry 2.8 ignores If-Match (docs/architecture.md spec 0.8), so concurrent index writes could lose an entry.
        // The signer is never used concurrently: each PrepareAsync signs before its first await, and Select
        // starts them one after another on this thread.
        PreparedAttestation[] prepared = await Task.WhenAll(predicates.Select(p => PrepareAsync(repository, subject, new AttestationRequest
        {
            PredicateType = p.Type,
            Predicate = p.Predicate,
            Signer = signing.Key.Signer,
            LeafCertificate = signing.LeafCertificate,
            TimestampUrl = timestampUrl,
        }, cancellationToken))).ConfigureAwait(false);
        var results = new List<AttestationPublishResult>(prepared.Length);
        foreach (PreparedAttestation attestation in prepared)
        {
            results.Add(await AttachAsync(repository, subject, attestation, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Signs, timestamps and attaches one attestation to <paramref name="subject"/> in <paramref name="repository"/>.</summary>
    public async Task<AttestationPublishResult> PublishAsync(string repository, Descriptor subject, AttestationRequest request, CancellationToken cancellationToken)
    {
        PreparedAttestation prepared = await PrepareAsync(repository, subject, request, cancellationToken).ConfigureAwait(false);
        return await AttachAsync(repository, subject, prepared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Statement → DSSE → timestamp → bundle, with the bundle and the empty config uploaded as blobs.</summary>
    private async Task<PreparedAttestation> PrepareAsync(string repository, Descriptor subject, AttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(request);
        if (subject.Digest.Algorithm != "sha256")
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The image digest must be sha256, not {subject.Digest.Algorithm}.");
        }

        var statement = new InTotoStatement(
            [StatementSubject.ForSha256($"{_registry.Registry}/{repository}", subject.Digest.Encoded)],
            request.PredicateType,
            ParsePredicate(request.Predicate));
        DsseEnvelope envelope = DsseSigner.Sign(statement, request.Signer);

        var timestamps = new List<ReadOnlyMemory<byte>>();
        if (request.TimestampUrl is { } url)
        {
            Timestamps.TimestampClient client = _timestamps
                ?? throw new InvalidOperationException("A timestamp URL was given but the publisher has no timestamp client.");
            Timestamps.TimestampResponse response = await client.RequestAsync(url, envelope.Signatures[0].Signature, cancellationToken).ConfigureAwait(false);
            timestamps.Add(response.Der);
        }

        byte[] bundle = SigstoreBundleWriter.Write(envelope, request.LeafCertificate, timestamps);
        Digest bundleDigest = Digest.Sha256(bundle);
        await PushBlobAsync(repository, bundleDigest, bundle, cancellationToken).ConfigureAwait(false);
        await PushBlobAsync(repository, Digest.Sha256(AttestationManifest.EmptyConfig.Span), AttestationManifest.EmptyConfig.ToArray(), cancellationToken).ConfigureAwait(false);
        return new PreparedAttestation(request.PredicateType, bundle, bundleDigest);
    }

    /// <summary>The artifact manifest, pushed by digest, then the referrers API or the fallback index.</summary>
    private async Task<AttestationPublishResult> AttachAsync(string repository, Descriptor subject, PreparedAttestation prepared, CancellationToken cancellationToken)
    {
        byte[] manifest = AttestationManifest.Write(subject, prepared.BundleDigest, prepared.Bundle.Length, prepared.PredicateType, _time.GetUtcNow());
        Descriptor pushed = await _registry.Referrers.PushAsync(repository, MediaTypes.OciManifest, manifest, cancellationToken).ConfigureAwait(false);
        return new AttestationPublishResult(pushed, subject, prepared.Bundle);
    }

    private async Task PushBlobAsync(string repository, Digest digest, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await _registry.Blobs.PushAsync(repository, digest, stream, content.Length, cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement ParsePredicate(ReadOnlyMemory<byte> predicate)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(predicate);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The predicate is not valid JSON: {ex.Message}", null, ex);
        }
    }
}

/// <summary>A signed, timestamped bundle already uploaded as a blob, waiting for its referrer manifest.</summary>
internal sealed record PreparedAttestation(string PredicateType, byte[] Bundle, Digest BundleDigest);
