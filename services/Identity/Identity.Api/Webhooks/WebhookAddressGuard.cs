using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SheqingMinyi.Identity.Webhooks;

/// <summary>An endpoint address identity will not call (SSRF), with the Chinese reason the admin reads.</summary>
public sealed class WebhookAddressRefusedException(string reason) : Exception(reason);

/// <summary>
/// Keeps webhooks from reaching inside the platform (SSRF): only absolute http(s) URLs without user info, whose host
/// resolves only to public addresses — never loopback, unspecified, link-local (169.254.0.0/16, the cloud metadata
/// address), private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), multicast or reserved ranges, IPv4
/// inside IPv6, this machine's own addresses or a configured host of the platform. Checked when an endpoint is
/// registered or changed and again at every connection (<see cref="ConnectAsync"/>), since DNS can change in between:
/// the sender connects only to the addresses it has just checked.
/// </summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    private bool AllowLoopback => options.Value.AllowLoopback && environment.IsDevelopment();

    /// <summary>Null when the URL's form is acceptable, else why not.</summary>
    public static string? CheckForm(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "必填 (required)";
        if (url.Length > Domain.WebhookEndpoint.UrlMaxLength) return $"不能超过 {Domain.WebhookEndpoint.UrlMaxLength} 个字符";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "须为 http 或 https 的完整地址 (an absolute http(s) URL)";
        if (uri.UserInfo.Length > 0) return "地址中不能含用户名或密码 (no user info)";
        if (uri.Host.Length == 0) return "缺少主机名 (no host)";
        return null;
    }

    /// <summary>
    /// A configured platform address (<see cref="WebhookOptions.DeniedHosts"/>): <c>host</c> (every port) or
    /// <c>host:port</c>; a loopback one (<c>localhost</c>, 127.x, ::1) stands for every loopback name and address, so a
    /// platform port on this machine stays refused even where loopback receivers are allowed.
    /// </summary>
    public sealed record DeniedAddress(string Host, int? Port)
    {
        public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

        public static DeniedAddress? Parse(string? entry)
        {
            if (string.IsNullOrWhiteSpace(entry)) return null;
            entry = entry.Trim();
            if (!entry.Contains(':') || (!entry.StartsWith('[') && IPAddress.TryParse(entry, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6))
                return new(entry.Trim('[', ']'), null);
            return Uri.TryCreate($"http://{entry}", UriKind.Absolute, out var uri) ? new(uri.IdnHost.Trim('[', ']'), uri.Port) : null;
        }
    }

    private IReadOnlyList<DeniedAddress>? _denied;

    /// <summary>The configured platform addresses, parsed once.</summary>
    public IReadOnlyList<DeniedAddress> Denied => _denied ??= [.. options.Value.DeniedHosts.Select(DeniedAddress.Parse).OfType<DeniedAddress>()];

    private const string OwnHost = "该地址属于平台自身，不允许作为推送地址 (a host of the platform itself)";

    /// <summary>As <see cref="ResolveAsync(string, CancellationToken)"/>, and never a platform address at that port.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, int port, CancellationToken ct)
    {
        var bare = host.Trim('[', ']');
        if (Denied.Any(d => d.Port == port && string.Equals(d.Host, bare, StringComparison.OrdinalIgnoreCase)))
            throw new WebhookAddressRefusedException(OwnHost);
        var addresses = await ResolveAsync(host, ct);
        if (addresses.Any(a => IPAddress.IsLoopback(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)) && Denied.Any(d => d.IsLoopback && (d.Port is null || d.Port == port)))
            throw new WebhookAddressRefusedException(OwnHost);
        return addresses;
    }

    /// <summary>The host's addresses, every one of them allowed; else a refusal (also when it does not resolve).</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (Denied.Any(d => d.Port is null && string.Equals(d.Host, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)))
            throw new WebhookAddressRefusedException(OwnHost);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException)
            {
                throw new WebhookAddressRefusedException("无法解析该主机名 (the host name does not resolve)");
            }
        }
        if (addresses.Length == 0) throw new WebhookAddressRefusedException("无法解析该主机名 (the host name does not resolve)");
        foreach (var address in addresses)
            if (Refusal(address) is { } reason) throw new WebhookAddressRefusedException($"{reason}: {address}");
        return addresses;
    }

    /// <summary>The sender's connection: resolves and checks the host now, then connects only to a checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return AllowLoopback ? null : "不允许本机回环地址 (loopback)";
        if (IsOwnAddress(address)) return "不允许平台自身的地址 (an address of this machine)";
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "不允许未指定地址 (unspecified)",
                10 => "不允许内网地址 (private)",
                100 when b[1] is >= 64 and <= 127 => "不允许运营商共享地址 (shared, 100.64.0.0/10)",
                169 when b[1] == 254 => "不允许链路本地地址 (link-local, incl. cloud metadata)",
                172 when b[1] is >= 16 and <= 31 => "不允许内网地址 (private)",
                192 when b[1] == 168 => "不允许内网地址 (private)",
                192 when b[1] == 0 && b[2] == 0 => "不允许保留地址 (reserved)",
                198 when b[1] is 18 or 19 => "不允许保留地址 (benchmarking)",
                >= 224 => "不允许组播或保留地址 (multicast, reserved)",
                _ => null,
            };
        }
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return "不允许未指定地址 (unspecified)";
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return "不允许链路本地地址 (link-local)";
        if (address.IsIPv6Multicast) return "不允许组播地址 (multicast)";
        var bytes = address.GetAddressBytes();
        if ((bytes[0] & 0xfe) == 0xfc) return "不允许内网地址 (private, fc00::/7)";
        // IPv4-compatible (::a.b.c.d), NAT64 and 6to4 forms can carry any IPv4 address: not followed, refused.
        if (bytes.Take(12).All(b => b == 0) || (bytes[0] == 0x20 && bytes[1] == 0x02) || (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b))
            return "不允许内嵌 IPv4 的地址 (embedded IPv4)";
        return null;
    }

    private static bool IsOwnAddress(IPAddress address)
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Any(u => !IPAddress.IsLoopback(u.Address) && u.Address.Equals(address));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
