// A message box: errors are alerts (read out at once), the rest are polite statuses.
import type { ComponentChildren } from "preact";

export function Alert({ kind, children }: { kind: "error" | "ok"; children: ComponentChildren }) {
  return (
    <div class={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
