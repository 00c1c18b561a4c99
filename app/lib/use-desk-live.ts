// The helper desk, live: its page data (the desk's people, the one it acts for, their follow-ups)
// comes from its loader, so what the desk hears on the socket only asks for a fresh load: a
// request to one of its people, a new card in the room, the close. One load at a time; what
// arrives meanwhile asks for one more. The socket hears the desk's audience (audiences.ts).
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { openLiveConnection } from "./live-connection.ts";
import { beatSaysBehind } from "./market-state.ts";

export function useDeskLive(code: string, as: "host" | "helper", loadedSeq: number): void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const pending = useRef(false);
  /** The newest seq this page has heard of, withheld events included (a beat past it: we missed some). */
  const heardSeq = useRef(loadedSeq);
  heardSeq.current = Math.max(heardSeq.current, loadedSeq);

  const reload = useRef(() => {
    if (latest.current.state === "idle") latest.current.revalidate();
    else pending.current = true;
  });

  useEffect(() => {
    if (revalidator.state === "idle" && pending.current) {
      pending.current = false;
      revalidator.revalidate();
    }
  }, [revalidator.state, revalidator]);

  useEffect(() => {
    const connection = openLiveConnection(
      undefined,
      { code, as },
      {
        // Connected afresh: its first beat says whether anything happened meanwhile (then a
        // fresh load brings it).
        connected: () => {},
        disconnected: () => {},
        events: (events) => {
          for (const event of events) heardSeq.current = Math.max(heardSeq.current, event.seq);
          if (events.some((event) => event.type !== "withheld")) reload.current();
        },
        beat: (seq, afterConnect) => {
          if (beatSaysBehind(seq, heardSeq.current, afterConnect)) reload.current();
        },
      },
    );
    return () => connection.close();
  }, [code, as]);
}
