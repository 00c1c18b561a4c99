// The `vcf` package ships no types; the little the tests use.
declare module "vcf" {
  interface VCardProperty {
    valueOf(): string;
  }
  class VCard {
    static parse(text: string): VCard[];
    get(key: string): VCardProperty | VCardProperty[] | undefined;
    data: Record<string, VCardProperty | VCardProperty[]>;
  }
  export default VCard;
}
