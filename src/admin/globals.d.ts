/** Set by Medusa's admin bundler (vite `define`) from the app's `admin` config, as for the official plugins. */
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: "session" | "jwt" | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined
