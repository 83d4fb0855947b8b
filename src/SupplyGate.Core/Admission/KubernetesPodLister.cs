using System.Net.Http.Headers;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Admission;

/// <summary>Where the Kubernetes API is and how to authenticate: the API server URL and the bearer token file (re-read at every poll: projected service-account tokens rotate).</summary>
public sealed record KubernetesApi(Uri Server, string TokenFile)
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The in-cluster API (KUBERNETES_SERVICE_HOST/PORT and the mounted service-account token); null outside a pod.</summary>
    public static KubernetesApi? InCluster(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string token = Path.Combine(ServiceAccountDirectory, "token");
        if (environment("KUBERNETES_SERVICE_HOST") is not { Length: > 0 } host || !File.Exists(token))
        {
            return null;
        }

        string port = environment("KUBERNETES_SERVICE_PORT") is { Length: > 0 } p ? p : "443";
        string authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        return new KubernetesApi(new Uri($"https://{authority}/"), token);
    }
}

/// <summary>The containers of the running pods, and whether the listing stopped at the bound.</summary>
public sealed record RunningPods(IReadOnlyList<RunningContainer> Containers, int Pods, bool Truncated);

/// <summary>Lists the cluster's running containers.</summary>
public interface IPodSource
{
    Task<RunningPods> ListAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <c>GET /api/v1/pods</c> across all namespaces, page by page (<c>limit</c>, <c>continue</c>), with plain
/// HttpClient: the list is one call and a few fields, so a generated client adds weight and reflection for
/// nothing. Bounded by the page size, the total number of pods and a timeout per request; every failure is a
/// <see cref="SupplyGateException"/> (SG1074, SG1075) the caller logs and counts.
/// </summary>
public sealed class KubernetesPodLister(HttpClient http, KubernetesApi api, KubernetesInventory limits) : IPodSource
{
    /// <summary>Largest page body read; the API server's pages of 500 pods stay far below.</summary>
    private const int MaxPageBytes = 64 * 1024 * 1024;

    public async Task<RunningPods> ListAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string token = ReadToken();
        var containers = new List<RunningContainer>();
        int pods = 0;
        string? next = null;
        do
        {
            string query = $"api/v1/pods?limit={limits.PageSize}" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next));
            var url = new Uri(api.Server, query);
            byte[] body = await GetAsync(url, token, cancellationToken).ConfigureAwait(false);
            PodListPage page = PodListParser.Parse(body, url.GetLeftPart(UriPartial.Path));
            containers.AddRange(page.Containers);
            pods += page.Pods;
            next = page.Continue;
            if (next is not null && pods >= limits.MaxPods)
            {
                return new RunningPods(containers, pods, Truncated: true);
            }
        }
        while (next is not null);

        return new RunningPods(containers, pods, Truncated: false);
    }

    private string ReadToken()
    {
        try
        {
            return File.ReadAllText(api.TokenFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyGateException(DiagnosticCode.KubernetesApiFailed, $"{api.TokenFile}: the Kubernetes API token cannot be read: {ex.Message}", api.TokenFile, ex);
        }
    }

    private async Task<byte[]> GetAsync(Uri url, string token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string hint = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                    ? " (the service account needs get/list on pods: deploy/kubernetes/rbac.yaml)"
                    : string.Empty;
                throw new SupplyGateException(DiagnosticCode.KubernetesApiFailed, $"GET {url.GetLeftPart(UriPartial.Path)}: the Kubernetes API answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}");
            }

            if (response.Content.Headers.ContentLength > MaxPageBytes)
            {
                throw new SupplyGateException(DiagnosticCode.KubernetesPodListInvalid, $"GET {url.GetLeftPart(UriPartial.Path)}: a pod list page larger than {MaxPageBytes} bytes");
            }

            using Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxPageBytes)
                {
                    throw new SupplyGateException(DiagnosticCode.KubernetesPodListInvalid, $"GET {url.GetLeftPart(UriPartial.Path)}: a pod list page larger than {MaxPageBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new SupplyGateException(DiagnosticCode.KubernetesApiFailed, $"GET {url.GetLeftPart(UriPartial.Path)}: the Kubernetes API did not answer: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SupplyGateException(DiagnosticCode.KubernetesApiFailed, $"GET {url.GetLeftPart(UriPartial.Path)}: the Kubernetes API did not answer within {limits.RequestTimeout.TotalSeconds:0} s", inner: ex);
        }
    }
}
