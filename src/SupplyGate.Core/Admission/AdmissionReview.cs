using System.Text;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Admission;

/// <summary>
/// The parts of an <c>admission.k8s.io/v1</c> AdmissionReview request the webhook uses
/// (https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request).
/// </summary>
public sealed record AdmissionRequest(
    string Uid,
    string Kind,
    string? Namespace,
    string? Name,
    string Operation,
    JsonElement? Workload);

/// <summary>A request that could not be read: answered with a denying review carrying <see cref="StatusCode"/>, never an exception.</summary>
public sealed record AdmissionReviewProblem(string Uid, int StatusCode, string Message);

/// <summary>What the webhook answers: allowed or not, why, warnings, and for /mutate a JSONPatch.</summary>
public sealed record AdmissionResponse(string Uid, bool Allowed)
{
    public int? StatusCode { get; init; }

    public string? Message { get; init; }

    /// <summary>Shown by kubectl as "Warning: …" (AdmissionResponse.warnings); the API server keeps at most 120 characters each is advised.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A JSON Patch (RFC 6902) document; sent base64-encoded with <c>patchType: JSONPatch</c>.</summary>
    public byte[]? Patch { get; init; }

    public IReadOnlyDictionary<string, string> AuditAnnotations { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Reads AdmissionReview requests and writes AdmissionReview responses with System.Text.Json's reader and writer
/// (no reflection). The response echoes <c>request.uid</c>, as the API server requires.
/// </summary>
public static class AdmissionReviewJson
{
    public const string ApiVersion = "admission.k8s.io/v1";

    /// <summary>Parses a review; a body that is not one gives a problem (status 400) naming what is wrong.</summary>
    public static (AdmissionRequest? Request, AdmissionReviewProblem? Problem) Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            // Proven decodable first: a lone surrogate escape would otherwise fail later, inside GetString (found by fuzzing).
            ReadOnlyMemory<byte> text = InputJson.Check(body, "the AdmissionReview body", DiagnosticCode.AdmissionReviewInvalid, maxDepth: 128);
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (InvalidInputException ex)
        {
            return (null, Problem(string.Empty, ex.Message));
        }
        catch (JsonException ex)
        {
            return (null, Problem(string.Empty, $"the body is not JSON: {ex.Message}"));
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Problem(string.Empty, "the body is not a JSON object"));
            }

            string uid = root.TryGetProperty("request", out JsonElement r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("uid", out JsonElement u) && u.ValueKind == JsonValueKind.String
                ? u.GetString()!
                : string.Empty;
            string? kind = Text(root, "kind");
            string? apiVersion = Text(root, "apiVersion");
            if (kind != "AdmissionReview")
            {
                return (null, Problem(uid, $"kind is '{kind ?? "(missing)"}', expected AdmissionReview"));
            }

            if (apiVersion != ApiVersion)
            {
                return (null, Problem(uid, $"apiVersion '{apiVersion ?? "(missing)"}' is not supported; register the webhook with admissionReviewVersions: [\"v1\"]"));
            }

            if (r.ValueKind != JsonValueKind.Object || uid.Length == 0)
            {
                return (null, Problem(uid, "request or request.uid is missing"));
            }

            string? objectKind = r.TryGetProperty("kind", out JsonElement k) && k.ValueKind == JsonValueKind.Object ? Text(k, "kind") : null;
            if (objectKind is null)
            {
                return (null, Problem(uid, "request.kind.kind is missing"));
            }

            JsonElement? obj = r.TryGetProperty("object", out JsonElement o) && o.ValueKind == JsonValueKind.Object ? o.Clone() : null;
            return (new AdmissionRequest(uid, objectKind, Text(r, "namespace"), Text(r, "name"), Text(r, "operation") ?? "UNKNOWN", obj), null);
        }
    }

    public static AdmissionReviewProblem Problem(string uid, string message) =>
        new(uid, 400, $"{DiagnosticCode.AdmissionReviewInvalid}: not a readable admission.k8s.io/v1 AdmissionReview: {message}");

    public static byte[] Write(AdmissionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", ApiVersion);
            json.WriteString("kind", "AdmissionReview");
            json.WriteStartObject("response");
            json.WriteString("uid", response.Uid);
            json.WriteBoolean("allowed", response.Allowed);
            if (response.StatusCode is { } code)
            {
                json.WriteStartObject("status");
                json.WriteNumber("code", code);
                if (response.Message is { } message)
                {
                    json.WriteString("message", message);
                }

                json.WriteEndObject();
            }

            if (response.Warnings.Count > 0)
            {
                json.WriteStartArray("warnings");
                foreach (string warning in response.Warnings)
                {
                    json.WriteStringValue(warning);
                }

                json.WriteEndArray();
            }

            if (response.Patch is { } patch)
            {
                json.WriteString("patchType", "JSONPatch");
                json.WriteBase64String("patch", patch);
            }

            if (response.AuditAnnotations.Count > 0)
            {
                json.WriteStartObject("auditAnnotations");
                foreach ((string key, string value) in response.AuditAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A review answering a problem: denied with the problem's status and message.</summary>
    public static byte[] Write(AdmissionReviewProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Write(new AdmissionResponse(problem.Uid, false) { StatusCode = problem.StatusCode, Message = problem.Message });
    }

    /// <summary>A JSON Patch replacing each image at its JSON Pointer.</summary>
    public static byte[] ImagePatch(IEnumerable<(string Pointer, string Image)> replacements)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach ((string pointer, string image) in replacements)
            {
                json.WriteStartObject();
                json.WriteString("op", "replace");
                json.WriteString("path", pointer);
                json.WriteString("value", image);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
