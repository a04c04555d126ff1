using System.Diagnostics;
using System.Text.Json;

namespace Pit.Tests.Support;

/// <summary>A message the sink received: the envelope, the headers that matter, and the plain-text body, decoded.</summary>
public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> Recipients, string From, string Subject, string Body);

/// <summary>
/// A real SMTP server on 127.0.0.1 for tests: Debian's aiosmtpd (<c>python3-aiosmtpd</c>) run by
/// <c>/usr/bin/python3</c> on a free port, writing each message it accepts as a JSON file before it
/// answers 250, so a message is readable once the client's send returned. With a username and
/// password it requires a login (over plain SMTP) and refuses any other. Stopped on Dispose.
/// Shared by the Connectors tests and the end-to-end tests of <c>pit serve</c> (linked file).
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private const string Script = """
        import email, email.policy, json, os, sys, uuid
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        port, folder = int(sys.argv[1]), sys.argv[2]
        login = (sys.argv[3].encode(), sys.argv[4].encode()) if len(sys.argv) > 4 else None

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
                body = message.get_body(('plain',))
                record = {
                    'mail_from': envelope.mail_from,
                    'rcpt_tos': envelope.rcpt_tos,
                    'from': str(message['from']),
                    'subject': str(message['subject']),
                    'body': body.get_content().replace('\r\n', '\n') if body is not None else '',
                }
                name = os.path.join(folder, uuid.uuid4().hex)
                with open(name + '.tmp', 'w') as out:
                    json.dump(record, out)
                os.rename(name + '.tmp', name + '.json')
                return '250 OK'

        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == login
            return AuthResult(success=ok, handled=False)

        options = {'authenticator': authenticate, 'auth_required': True, 'auth_require_tls': False} if login else {}
        controller = Controller(Handler(), hostname='127.0.0.1', port=port, **options)
        controller.start()
        print('ready', flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;

    public SmtpSink(string? username = null, string? password = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "pit-smtp-sink-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        var script = Path.Combine(Folder, "sink.py");
        File.WriteAllText(script, Script);
        Port = FreePorts.Next();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder]) start.ArgumentList.Add(arg);
        if (username is not null && password is not null)
        {
            start.ArgumentList.Add(username);
            start.ArgumentList.Add(password);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3 for the SMTP sink");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            Dispose();
            throw new InvalidOperationException(
                $"the SMTP sink did not start (is python3-aiosmtpd installed? apt-get install python3-aiosmtpd): {_process.StandardError.ReadToEnd()}");
        }
    }

    public int Port { get; }

    /// <summary>Where the received messages are written (one JSON file each).</summary>
    public string Folder { get; }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Received() =>
        new DirectoryInfo(Folder).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc).Select(Read).ToList();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    private static ReceivedMail Read(FileInfo file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
        var root = json.RootElement;
        return new ReceivedMail(
            root.GetProperty("mail_from").GetString() ?? "",
            root.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString() ?? "").ToList(),
            root.GetProperty("from").GetString() ?? "",
            root.GetProperty("subject").GetString() ?? "",
            root.GetProperty("body").GetString() ?? "");
    }
}
