using System.Runtime.InteropServices;
using System.Text;

namespace Pit.Engine.Runners;

/// <summary>
/// A null-terminated array of NUL-terminated UTF-8 strings in unmanaged memory (an <c>argv</c> or
/// <c>envp</c>), in one allocation: the pointers first, then the bytes they point to.
/// </summary>
internal sealed class NativeStrings : IDisposable
{
    public NativeStrings(IReadOnlyList<string> items)
    {
        var pointerBytes = (items.Count + 1) * IntPtr.Size;
        var offsets = new int[items.Count];
        var textBytes = 0;
        for (var i = 0; i < items.Count; i++)
        {
            offsets[i] = textBytes;
            textBytes = checked(textBytes + Encoding.UTF8.GetByteCount(items[i]) + 1);
        }
        var text = new byte[textBytes]; // zeroed: every string's NUL is already there
        for (var i = 0; i < items.Count; i++) Encoding.UTF8.GetBytes(items[i], text.AsSpan(offsets[i]));

        Pointer = Marshal.AllocHGlobal(checked(pointerBytes + textBytes));
        var textStart = Pointer + pointerBytes;
        Marshal.Copy(text, 0, textStart, textBytes);
        for (var i = 0; i < items.Count; i++) Marshal.WriteIntPtr(Pointer, i * IntPtr.Size, textStart + offsets[i]);
        Marshal.WriteIntPtr(Pointer, items.Count * IntPtr.Size, IntPtr.Zero);
    }

    /// <summary>The <c>char *const[]</c>; valid until disposed.</summary>
    public IntPtr Pointer { get; private set; }

    public void Dispose()
    {
        if (Pointer == IntPtr.Zero) return;
        Marshal.FreeHGlobal(Pointer);
        Pointer = IntPtr.Zero;
    }
}
