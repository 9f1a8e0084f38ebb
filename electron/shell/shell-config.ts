import { z } from 'zod';

const WindowName = z.enum(['cashier', 'kitchen', 'customer', 'diagnostics']);

/**
 * How the Electron shell presents this station (`shell` in station.json). Ignored in browser mode,
 * where the windows are the browser's.
 */
export const ShellConfig = z
  .object({
    /**
     * Windows opened in kiosk mode (full screen, no way out to the desktop but the station's own quit):
     * typically the cashier and customer windows of a counter screen.
     */
    kiosk: z.array(WindowName).max(4).default([]),
    /** Windows opened full screen but still leavable (F11 / the window manager). */
    fullScreen: z.array(WindowName).max(4).default([]),
    /** Start the station when the user logs in to this machine. */
    startAtLogin: z.boolean().default(false),
    /** Check the update feed the package was built with on start and install updates on quit. */
    autoUpdate: z.boolean().default(true),
  })
  .strict()
  .refine((shell) => !shell.kiosk.some((window) => shell.fullScreen.includes(window)), {
    message: 'a window is either kiosk or fullScreen, not both',
    path: ['fullScreen'],
  });
export type ShellConfig = z.output<typeof ShellConfig>;
