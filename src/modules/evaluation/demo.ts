export async function seedEvaluationDemo(..._a: unknown[]): Promise<void> {}
