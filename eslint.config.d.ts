// Types of what eslint.config.js exports for test/platform/lint-boundaries.test.ts (the doc-and-lint check).
/** Layers outside modules, and what each may import (besides itself and npm packages). */
export declare const LAYERS: Readonly<Record<string, readonly string[]>>;
/** What any module's files may import outside src/modules. */
export declare const MODULE_USES: readonly string[];
/** Packages the pure layers (and the kernel) may not import. */
export declare const PURE_FORBIDDEN: readonly string[];
declare const config: unknown;
export default config;
