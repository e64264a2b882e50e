namespace SheqingMinyi.Bench.Tools;

/// <summary>
/// nginx as its own process on a free port, proxying to one upstream with keep-alive connections: the reference
/// for what a plain reverse proxy costs on this machine.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly string _dir;
    private readonly System.Diagnostics.Process _process;
    public int Port { get; }
    /// <summary>The nginx master; its worker is its child (CPU is read over both).</summary>
    public int Pid => _process.Id;

    private Nginx(string dir, System.Diagnostics.Process process, int port) => (_dir, _process, Port) = (dir, process, port);

    public static async Task<Nginx> StartAsync(string upstreamUrl)
    {
        var upstream = new Uri(upstreamUrl);
        var port = Shell.FreePort();
        var dir = Directory.CreateTempSubdirectory("sqmy-bench-nginx-").FullName;
        // One worker: the gateway is one process too. Access log off, as the gateway logs no access lines either.
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                upstream service { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://service;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                    }
                }
            }
            """);
        var start = new System.Diagnostics.ProcessStartInfo("nginx") { ArgumentList = { "-c", Path.Combine(dir, "nginx.conf"), "-p", dir }, RedirectStandardError = true };
        var process = System.Diagnostics.Process.Start(start)!;
        for (var i = 0; i < 50; i++)
        {
            try { using var client = new System.Net.Sockets.TcpClient(); await client.ConnectAsync("127.0.0.1", port); return new Nginx(dir, process, port); }
            catch (System.Net.Sockets.SocketException) { await Task.Delay(100); }
        }
        process.Kill();
        throw new InvalidOperationException($"nginx did not listen on {port}: {await process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        // The whole tree: a worker whose master was killed alone lives on, holding its port and whatever the bench
        // inherited (the bench lock's descriptor under flock).
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        _process.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
