import type { Schema, Struct } from '@strapi/strapi';

export interface DesignWatermark extends Struct.ComponentSchema {
  collectionName: 'components_design_watermarks';
  info: {
    description: 'Text or logo watermark: position or tiled, opacity, scale';
    displayName: 'Watermark';
  };
  attributes: {
    logo: Schema.Attribute.Media<'images'>;
    mode: Schema.Attribute.Enumeration<['text', 'logo']> &
      Schema.Attribute.Required &
      Schema.Attribute.DefaultTo<'text'>;
    opacity: Schema.Attribute.Decimal &
      Schema.Attribute.SetMinMax<
        {
          max: 1;
          min: 0.05;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0.35>;
    position: Schema.Attribute.Enumeration<
      [
        'center',
        'top-left',
        'top-right',
        'bottom-left',
        'bottom-right',
        'tiled',
      ]
    > &
      Schema.Attribute.Required &
      Schema.Attribute.DefaultTo<'center'>;
    scale: Schema.Attribute.Decimal &
      Schema.Attribute.SetMinMax<
        {
          max: 1;
          min: 0.05;
        },
        number
      > &
      Schema.Attribute.DefaultTo<0.3>;
    text: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 80;
      }>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'design.watermark': DesignWatermark;
    }
  }
}
