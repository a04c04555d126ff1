using System.Security.Cryptography;
using System.Text;

namespace Pit.Engine.Runs;

/// <summary>
/// Copies a project into a run's <c>project/</c> folder so the run sees the same code from start
/// to end, and hashes what it copied (paths and contents) for the RunCreated event.
/// </summary>
public static class ProjectSnapshot
{
    private static readonly HashSet<string> Skipped = [".git", ".venv", "__pycache__", "node_modules"];

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>; returns the content hash (hex).</summary>
    public static string Copy(string source, string target)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Directory.CreateDirectory(target);
        CopyFolder(new DirectoryInfo(source), target, "", hash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void CopyFolder(DirectoryInfo folder, string target, string relative, IncrementalHash hash)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            var destination = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                if (Skipped.Contains(entry.Name) || entry.LinkTarget is not null) continue;
                Directory.CreateDirectory(destination);
                CopyFolder(directory, destination, path, hash);
            }
            else if (entry is FileInfo file)
            {
                file.CopyTo(destination, overwrite: true);
                hash.AppendData(Encoding.UTF8.GetBytes(path + "\n"));
                using var stream = file.OpenRead();
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
            }
        }
    }
}
