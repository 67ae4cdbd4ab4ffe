// Vite's client types, so TypeScript accepts the dashboard's CSS imports.
/// <reference types="vite/client" />
